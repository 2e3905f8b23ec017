import type { InboundProvider } from '../../db/inbound-hooks.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { jira } from './jira.js';
import { linear } from './linear.js';
import type { InboundScheme } from './scheme.js';
import { sentry } from './sentry.js';

/** Each provider's scheme. An object (not a switch) so a test can observe that every refusal runs the same check. */
export const INBOUND_SCHEMES: Record<InboundProvider, InboundScheme> = { github, gitlab, jira, linear, sentry };

export type { InboundRequest, InboundScheme, VerifyKeys } from './scheme.js';
