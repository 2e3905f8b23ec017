import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { createGa4Adapter } from '../../activities/providers/ga4/adapter.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor } from '../sync/support.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { TEST_WEBHOOK_RETRY, webhooksFor } from '../webhooks/support.js';

const APP = { clientId: 'ua-app.apps.googleusercontent.com', clientSecret: 'GOCSPX-ua-app-secret' };
const ACCESS_TOKEN = 'ya29.userAgentVerify';
// Read here, not from the module under test: the header must carry package.json's version.
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('every provider request carries one User-Agent: audit-integrations/<version>', () => {
  let google: FakeGoogle;
  let receiver: Receiver;
  let api: TestApi;
  let worker: TestWorker;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    google = await startFakeGoogle({ accessToken: ACCESS_TOKEN });
    google.oauth.clients.set(APP.clientId, APP.clientSecret);
    receiver = await startReceiver();
    api = await startTestApi({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.1/32') }) });
    const oauthApps = { ga4: { ...APP, tokenUrl: `${google.url}/token`, redirectUri: 'https://app.example/oauth/google' } };
    worker = await startTestWorker(api, { adapters: [createGa4Adapter({ oauthApps })], housekeeping: {}, webhooks: { retry: TEST_WEBHOOK_RETRY } });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await google?.close();
    await receiver?.close();
  });

  it('on a sync, its OAuth token call, a verify and a webhook delivery', async () => {
    const property = '424242';
    google.ga4.set(property, [{ pagePath: '/', sessions: 1, screenPageViews: 2, bounceRate: 0.5 }]);
    const refreshToken = '1//0g-refresh-user-agent';
    google.oauth.refreshTokens.set(refreshToken, APP.clientId);
    await webhooksFor(api, token, orgId).create({ url: receiver.url, events: ['sync.succeeded'], project_id: 'ua' });

    const project = apiFor(api, token, orgId, 'ua');
    expect((await project.connect('ga4', { property_id: property, refresh_token: refreshToken, base_url: google.url })).status).toBe(200);
    await waitFor(async () => (receiver.received.length > 0 ? true : undefined), 'the sync.succeeded delivery');

    const verified = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/ua/audit/integrations/ga4/verify`, {
      token,
      body: { credentials: { access_token: ACCESS_TOKEN, property_id: property, base_url: google.url } },
    });
    expect(verified.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });

    const tokenCall = google.tokenRequests()[0];
    const syncCall = google.ga4Requests().find((r) => r.method === 'POST');
    const verifyCall = google.ga4Requests().find((r) => r.method === 'GET' && r.path.endsWith('/metadata'));
    const seen = {
      token: tokenCall?.headers['user-agent'],
      sync: syncCall?.headers['user-agent'],
      verify: verifyCall?.headers['user-agent'],
      webhook: receiver.received[0]?.headers['user-agent'],
    };
    const expected = `audit-integrations/${VERSION}`;
    expect(seen).toEqual({ token: expected, sync: expected, verify: expected, webhook: expected });
  });
});
