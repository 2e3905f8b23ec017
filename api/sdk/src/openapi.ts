/**
 * Generated from the service's own OpenAPI document (api/openapi/document.ts) by openapi-typescript.
 * Do not edit: run `npm run sdk:generate` (api/sdk/generate.ts) after changing a route or its schemas.
 * test/sdk/generated.test.ts fails while this file differs from a fresh generation.
 */

export interface paths {
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List integrations (one entry per provider)
         * @description Scope audit:read. Never-connected providers appear as placeholders. Not paginated. With a connect session: the session's providers only.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One entry per provider */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: (components["schemas"]["Integration"] | components["schemas"]["IntegrationPlaceholder"])[];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connect (or re-connect) a provider
         * @description Scope audit:write, or a connect session of this project and provider. Credentials are encrypted at rest and never returned; `auth_code` is merged into them.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            /** @description Provider credentials and/or an OAuth auth_code; at most 64 KiB */
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Opaque to connect. Each value at most 16384 bytes (UTF-8; JSON-encoded when not a string), nested at most 8 levels. */
                        credentials?: {
                            [key: string]: unknown;
                        };
                        /** @description At most 16384 bytes of UTF-8 */
                        auth_code?: string;
                    };
                };
            };
            responses: {
                /** @description The stored integration */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Integration"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; validation_failed: a field breaks the schema (the message names it, never its value); quota_exceeded: an org's or project's quota is used up (docs/operating.md: Limits and quotas) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "validation_failed" | "quota_exceeded";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a sync
         * @description Scope audit:write. Answers at once with the row `syncing`; poll the list (or the sync runs) for the result. Any body is ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sync enqueued */
                202: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Integration"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; not_connected: the provider has no integration in this project; request_failed: Temporal could not be reached for the sync start or cancel; repeat the request */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "not_connected" | "request_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disconnect a provider
         * @description Scope audit:write. Wipes the credentials, removes the sync schedule and cancels a running sync.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The disconnected integration */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Integration"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; not_connected: the provider has no integration in this project; request_failed: Temporal could not be reached for the sync start or cancel; repeat the request */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "not_connected" | "request_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sync runs, newest first
         * @description Scope audit:read. Cursor-paginated: pass meta.next_cursor as `cursor`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of sync runs */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SyncRun"][];
                            meta: {
                                request_id: string;
                                next_cursor: string | null;
                                /**
                                 * Format: date-time
                                 * @description When the next periodic sync is due; null when disconnected or never connected
                                 */
                                next_sync_at: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/oauth/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an OAuth connect
         * @description Scope audit:write, or a connect session of this project and provider (its callback then answers the hosted connect page). Returns the provider authorize URL and sets an HttpOnly cookie binding the flow to this browser.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            /** @description The app's non-secret fields (e.g. a Sentry organization) */
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Only the fields of this provider's app (GET /api/v1/oauth/providers lists them): ga4: property_id, base_url; gsc: site_url, base_url; sentry: organization, project, base_url; github: repository, base_url; gitlab: project, base_url, client_id; jira: base_url, project_key, issue_type; linear: team_id, base_url */
                        credentials?: {
                            property_id?: string;
                            base_url?: string;
                            site_url?: string;
                            organization?: string;
                            project?: string;
                            repository?: string;
                            client_id?: string;
                            project_key?: string;
                            issue_type?: string;
                            team_id?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Where to send the browser */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["OAuthStart"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; oauth_not_configured: no OAuth app for this provider on this deployment (see GET /api/v1/oauth/providers); validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "oauth_not_configured" | "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Providers with an OAuth app configured */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Configured OAuth apps */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["OAuthProvider"][];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check credentials without storing them
         * @description Scope audit:write, or a connect session of this project and provider. The provider's credentials schema per key, then one cheap authenticated read at the provider (from the API, through the egress guard). Nothing is stored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        credentials: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description ok, or the problems per key */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["VerifyResult"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider catalog
         * @description Any valid key or connect session. Each provider with its credential keys (from the same definitions the server validates with) and whether "Connect with …" is configured on this deployment.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One entry per provider */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ProviderCatalogEntry"][];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List findings
         * @description Scope audit:read. Newest first, cursor-paginated, with the tracker issues of each finding.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    status?: "open" | "resolved";
                    severity?: "info" | "low" | "medium" | "high" | "critical";
                    /** @description Only findings updated at or after this instant (inclusive); resolved ones included unless `status` is given */
                    updated_since?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of findings */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Finding"][];
                            meta: {
                                request_id: string;
                                total: number;
                                next_cursor: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a finding
         * @description Scope audit:write. Syncs push open findings to the connected trackers.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Not blank, no NUL; stored trimmed */
                        title: string;
                        description?: string | null;
                        /** @enum {string} */
                        severity: "info" | "low" | "medium" | "high" | "critical";
                        /**
                         * Format: uri
                         * @description An absolute http(s) URL (WHATWG URL syntax)
                         */
                        url?: string | null;
                        category?: string | null;
                    };
                };
            };
            responses: {
                /** @description The new finding */
                201: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Finding"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value); quota_exceeded: an org's or project's quota is used up (docs/operating.md: Limits and quotas) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed" | "quota_exceeded";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/findings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Resolve or reopen a finding */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "open" | "resolved";
                    };
                };
            };
            responses: {
                /** @description The updated finding */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Finding"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value); quota_exceeded: an org's or project's quota is used up (docs/operating.md: Limits and quotas) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed" | "quota_exceeded";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List metrics pulled from data providers
         * @description Scope audit:read. GA4, Search Console and Cloudflare numbers; by default only the newest pull of each.
         */
        get: {
            parameters: {
                query?: {
                    provider?: "ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare";
                    metric?: string;
                    period?: "latest" | "all";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of metrics */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Metric"][];
                            meta: {
                                request_id: string;
                                total: number;
                                next_cursor: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value); invalid_provider: the provider is not one of the eight */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed" | "invalid_provider";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API key making the request
         * @description A connect session gets 403 (it has GET /api/v1/connect-session).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Which key (never the key itself) */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ApiKeyIdentity"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One integration, with settings and health
         * @description Scope audit:read. The list row of the provider (a placeholder if never connected) plus `settings`, `next_sync_at`, `health` and `realtime` (its `secret` only to a key with audit:write, while the webhook must be added by hand).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The integration */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationView"] | components["schemas"]["IntegrationPlaceholderDetail"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/realtime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Give Sentry's webhook signing secret
         * @description Scope audit:write. Sentry only: the client secret of the Sentry internal integration whose webhook URL is `realtime.url`, which signs its `Sentry-Hook-Signature`. Stored encrypted and never shown again; recorded as `realtime_secret_set` in the audit log. Other providers answer 422 `validation_failed` (the trackers are signed with a secret this service generates; cloudflare, ga4 and gsc send no webhooks).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    /** @description sentry (the only provider that takes a secret here) */
                    provider: "sentry";
                };
                cookie?: never;
            };
            /** @description At most 64 KiB */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The client secret of the Sentry internal integration whose webhook URL is `realtime.url`; stored encrypted, never shown again */
                        secret: string;
                    };
                };
            };
            responses: {
                /** @description The integration as the GET shows it */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationView"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; validation_failed: a field breaks the schema (the message names it, never its value); not_connected: the provider has no integration in this project */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "validation_failed" | "not_connected";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the sync interval or pause
         * @description Scope audit:write. Absent fields stay as they are. Paused: no periodic syncs (POST …/sync still works). Changing the interval or resuming moves `next_sync_at` to the last finished sync + the interval (due at once when that has passed). Recorded as `settings_changed` in the audit log.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            /** @description At most 64 KiB */
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Seconds from one finished sync to the next periodic one (SYNC_INTERVAL_MIN, 300 by default, to 7 days); null = the deployment's SYNC_INTERVAL */
                        sync_interval_seconds?: number | null;
                        /** @description true: no periodic syncs (POST …/sync still works); false: due again one interval after the last finished sync */
                        paused?: boolean;
                    };
                };
            };
            responses: {
                /** @description The integration as the GET shows it */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationView"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; validation_failed: a field breaks the schema (the message names it, never its value); not_connected: the provider has no integration in this project */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "validation_failed" | "not_connected";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The org's integrations across projects
         * @description Scope audit:read. Every integration row of the org (no placeholders) in (project_id, provider) order, filtered, cursor-paginated: pass meta.next_cursor as `cursor`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only these projects (comma-separated) */
                    project_id?: string;
                    /** @description Only these providers (comma-separated) */
                    provider?: string;
                    /** @description Only these statuses (comma-separated) */
                    status?: string;
                    /** @description Only these health states (comma-separated) */
                    health?: string;
                    /** @description Rows per page (default 50) */
                    limit?: number;
                    /** @description meta.next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of integrations */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationDetail"][];
                            meta: {
                                request_id: string;
                                next_cursor: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/resync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a full resync
         * @description Scope audit:write. A sync recorded with trigger `full_resync`: the links between findings and tracker issues are forgotten and every open finding is matched again to its issue by the marker in it (an issue is created only where none carries the marker), and everything is pulled again. Answers at once with the row `syncing`, as POST …/sync does; a sync already running is followed by the resync. Any body is ignored. Audited as `resync_requested`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Resync enqueued */
                202: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Integration"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_provider: the provider is not one of the eight; not_connected: the provider has no integration in this project; request_failed: Temporal could not be reached for the sync start or cancel; repeat the request */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_provider" | "not_connected" | "request_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Scope audit:read. Oldest first; not paginated (bounded by the quota).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The org's endpoints */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"][];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a webhook endpoint
         * @description Scope audit:write. Recorded in the audit log. Answers the signing secret once. At most ORG_MAX_WEBHOOKS (20) endpoints per org (422 quota_exceeded).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description https only when the server runs with NODE_ENV=production; no user:password part
                         * @example https://example.com/hooks/audit
                         */
                        url: string;
                        events: ("integration.connected" | "integration.disconnected" | "sync.succeeded" | "sync.failed" | "findings.pushed" | "integration.auth_failed" | "integration.auth_recovered")[];
                        /** @description Only events of this project; absent or null = every project of the org */
                        project_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description The endpoint and its secret */
                201: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookWithSecret"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value); quota_exceeded: an org's or project's quota is used up (docs/operating.md: Limits and quotas) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed" | "quota_exceeded";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook endpoint
         * @description Scope audit:read.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Scope audit:write. Recorded in the audit log. Its deliveries go with it.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {boolean} */
                                deleted: true;
                            };
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change url, events or enabled
         * @description Scope audit:write. Recorded in the audit log. Enabling again clears disabled_reason.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description https only when the server runs with NODE_ENV=production; no user:password part
                         * @example https://example.com/hooks/audit
                         */
                        url?: string;
                        events?: ("integration.connected" | "integration.disconnected" | "sync.succeeded" | "sync.failed" | "findings.pushed" | "integration.auth_failed" | "integration.auth_recovered")[];
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/webhooks/{webhook_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description Scope audit:write. Recorded in the audit log. The new secret signs from now on; the previous one keeps signing next to it for 24 hours (two signatures in webhook-signature). Any body is ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoint and its new secret */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookWithSecret"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List deliveries, newest first
         * @description Scope audit:read. Cursor-paginated: pass meta.next_cursor as `cursor`.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"][];
                            meta: {
                                request_id: string;
                                next_cursor: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again
         * @description Scope audit:write. Recorded in the audit log. The delivery goes back to pending; a delivery workflow attempts it within SYNC_SWEEP_INTERVAL with a fresh 24-hour window. Any body is ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    webhook_id: string;
                    delivery_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The delivery, pending */
                202: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail, newest first
         * @description Scope audit:read. Cursor-paginated; filters combine (and).
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    project_id?: string;
                    provider?: "ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare";
                    action?: "connect" | "reconnect" | "disconnect" | "sync_requested" | "settings_changed" | "realtime_secret_set" | "resync_requested" | "credentials_rotated" | "key_created" | "key_revoked" | "webhook_created" | "webhook_updated" | "webhook_deleted" | "webhook_secret_rotated" | "delivery_retried" | "connect_session_created" | "connect_session_revoked";
                    /** @description Entries at or after this instant */
                    since?: string;
                    /** @description Entries before this instant */
                    until?: string;
                };
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of audit entries */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuditEntry"][];
                            meta: {
                                request_id: string;
                                next_cursor: string | null;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/connect-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a connect session
         * @description Scope audit:write. A short-lived token (default 1800 s, 60–3600) for a browser: it may list, verify, connect and start OAuth for this project and these providers only, and call GET /api/v1/providers and GET /api/v1/connect-session. Answers the token once. A `return_url` must be on an origin in CONNECT_RETURN_ORIGINS (422 otherwise, and always when that is empty). Audited as `connect_session_created`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        project_id: string;
                        /** @description What the session may connect; default all eight */
                        providers?: ("ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare")[];
                        /** @description Lifetime of the session; default 1800 */
                        expires_in_seconds?: number;
                        /**
                         * Format: uri
                         * @description On an origin listed in CONNECT_RETURN_ORIGINS (none listed: refused); https only when the server runs with NODE_ENV=production
                         */
                        return_url?: string;
                    };
                };
            };
            responses: {
                /** @description The session and its token */
                201: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ConnectSessionCreated"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unsupported_media_type: the body is not application/json (UTF-8) */
                415: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unsupported_media_type";
                                message: string;
                            };
                        };
                    };
                };
                /** @description validation_failed: a field breaks the schema (the message names it, never its value) */
                422: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "validation_failed";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/connect-sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a connect session
         * @description Scope audit:read. Its state (active, expired, revoked); never the token. A revoked session stays readable until a day after its expiry.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    session_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ConnectSession"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Revoke a connect session
         * @description Scope audit:write. The token answers 401 from now on, and an OAuth flow it started connects nothing. Revoking again changes nothing. Audited as `connect_session_revoked`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    session_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connect-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The connect session making the request
         * @description Only with a connect session token (an API key: 403; it has GET /api/v1/me). What the session may do and until when.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ConnectSessionInfo"];
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org_id}/projects/{project_id}/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream the project's live events (Server-Sent Events)
         * @description Scope audit:read, or a connect session of this project (only its providers' integration and sync events). Integration status and settings changes, sync runs starting and finishing, and finding changes, as they are committed, in id order. Reconnect with `Last-Event-ID` to get what was missed (kept at least 15 minutes; older, or more than 1,000 events: one `reset`). At most EVENT_STREAMS_PER_KEY (5) streams per key and EVENT_STREAMS_MAX (2000) per server: 429 rate_limited before the stream starts. A client that stops reading is disconnected; at shutdown streams end and clients reconnect to another server.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The id of the last event received */
                    "last-event-id"?: string;
                };
                path: {
                    /** @description The org UUID the API key belongs to */
                    org_id: string;
                    project_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An endless `text/event-stream`. Each event: `id:` (increasing), `event:` one of `integration.updated`, `sync.started`, `sync.finished`, `finding.updated` or `reset`, `data:` one line of JSON — the integration row as the list shows it plus `settings`, `next_sync_at` and `health`, the sync run as GET …/syncs shows it, or the finding as the findings list shows it. `reset` (no id) means events may have been missed: re-read the lists. `: heartbeat` comments keep the connection alive. */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description unauthorized: missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unauthorized";
                                message: string;
                            };
                        };
                    };
                };
                /** @description forbidden: the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider) */
                403: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "forbidden";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbound/{provider}/{hook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A provider's webhook (GitHub, GitLab, Jira, Linear, Sentry)
         * @description Called by the provider, not by API clients: no API key, authenticated by the provider's own signature over the raw body with the hook's secret (docs/providers.md → Inbound webhooks: GitHub `X-Hub-Signature-256`, GitLab `X-Gitlab-Token`, Jira `X-Hub-Signature` or the OAuth app's JWT, Linear `Linear-Signature` with `webhookTimestamp`, Sentry `Sentry-Hook-Signature`). The URL and secret of an integration are in its `realtime` detail. At most 1 MiB. An unknown hook and a bad signature are the same 401; refusals are limited per client address (INBOUND_FAILURES_PER_MINUTE). What matters (an issue closed, reopened or deleted; a Sentry issue resolved or unresolved) is stored before the answer and applied by the worker within seconds.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: "github" | "gitlab" | "jira" | "linear" | "sentry";
                    /** @description The hook's address token (not a secret) */
                    hook_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Verified, without effect: `duplicate` (this delivery, or this signed body, was stored before), `stale` (outside the provider's timestamp window), `ignored` (an event or action that changes no finding) */
                200: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                status: "duplicate" | "stale" | "ignored";
                            };
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description Verified and stored: the change is applied within seconds */
                202: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                status: "accepted";
                            };
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description bad_request: the request could not be understood; invalid_json: the body is not valid JSON (or not UTF-8) */
                400: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "bad_request" | "invalid_json";
                                message: string;
                            };
                        };
                    };
                };
                /** @description invalid_signature: an inbound webhook's signature is missing or wrong, or its hook is unknown (the same answer for each) */
                401: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "invalid_signature";
                                message: string;
                            };
                        };
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description payload_too_large: the body is over 64 KiB (1 MiB for inbound webhooks) */
                413: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "payload_too_large";
                                message: string;
                            };
                        };
                    };
                };
                /** @description rate_limited: over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds */
                429: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds until a request can succeed */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "rate_limited";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        /** @description The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10` */
                        "RateLimit-Policy"?: string;
                        /** @description What is left of it, e.g. `"api-key";r=42;t=7` */
                        RateLimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Alive */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                status: "ok";
                            };
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres and Temporal reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                status: "ready";
                                checks: {
                                    /** @enum {string} */
                                    postgres: "up" | "down";
                                    /** @enum {string} */
                                    temporal: "up" | "down";
                                };
                            };
                            meta: {
                                request_id: string;
                            };
                            error: null;
                        };
                    };
                };
                /** @description A dependency is down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_ready";
                                message: string;
                                checks: {
                                    /** @enum {string} */
                                    postgres: "up" | "down";
                                    /** @enum {string} */
                                    temporal: "up" | "down";
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document (OpenAPI 3.1) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The OpenAPI document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readable API reference (Swagger UI) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reference page's scripts and styles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    asset: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A static asset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/css": string;
                        "text/javascript": string;
                        "image/png": string;
                    };
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The integrations dashboard (single page app) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description index.html */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Not built */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The integrations dashboard (single page app) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description index.html */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Not built */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dashboard's built assets */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A built asset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                        "text/css": string;
                        "image/svg+xml": string;
                    };
                };
                /** @description Not modified (ETag) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description No such asset */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hosted connect page (open `url` of a connect session)
         * @description A browser page, no API key: it reads the session token from the URL fragment (`#session=cs_…`, never sent to a server), removes it from the address bar and calls the API with it in the Authorization header. docs/embed.md.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description index.html */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Not built */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hosted connect page (open `url` of a connect session)
         * @description A browser page, no API key: it reads the session token from the URL fragment (`#session=cs_…`, never sent to a server), removes it from the address bar and calls the API with it in the Authorization header. docs/embed.md.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description index.html */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Not built */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connect page's built assets */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A built asset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                        "text/css": string;
                        "image/svg+xml": string;
                    };
                };
                /** @description Not modified (ETag) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description No such asset */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's redirect back after authorization
         * @description A browser navigation, no API key: the signed state and cookie stand in for it. For any of the eight providers it redirects to the dashboard with an outcome (`oauth=connected` or `oauth_error=<code>`); any other provider is a 404.
         */
        get: {
            parameters: {
                query?: {
                    state?: string;
                    code?: string;
                    error?: string;
                };
                header?: never;
                path: {
                    provider: components["schemas"]["Provider"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Redirect to /dashboard/ with oauth=connected or oauth_error */
                303: {
                    headers: {
                        location: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description not_found: no such resource (ids that cannot exist included) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "not_found";
                                message: string;
                            };
                        };
                    };
                };
                /** @description unavailable: the database did not answer in time; retry after Retry-After seconds */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: null;
                            meta: {
                                request_id: string;
                            };
                            error: {
                                /** @enum {string} */
                                code: "unavailable";
                                message: string;
                            };
                        };
                    };
                };
                /** @description Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500) */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKeyIdentity: {
            /** Format: uuid */
            key_id: string;
            /** Format: uuid */
            org_id: string;
            name: string | null;
            scopes: ("audit:read" | "audit:write")[];
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
        };
        /** @description Who changed what. Never a credential value or secret. */
        AuditEntry: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            project_id: string | null;
            /** @enum {string|null} */
            provider: "ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare" | null;
            /** @enum {string} */
            action: "connect" | "reconnect" | "disconnect" | "sync_requested" | "settings_changed" | "realtime_secret_set" | "resync_requested" | "credentials_rotated" | "key_created" | "key_revoked" | "webhook_created" | "webhook_updated" | "webhook_deleted" | "webhook_secret_rotated" | "delivery_retried" | "connect_session_created" | "connect_session_revoked";
            actor: {
                /** @enum {string} */
                type: "api_key" | "cli";
                /** Format: uuid */
                api_key_id: string | null;
                api_key_name: string | null;
                /** @description For `cli`: the command (e.g. `npm run keys -- create`) */
                name: string | null;
            } | {
                /** @enum {string} */
                type: "connect_session";
                /**
                 * Format: uuid
                 * @description The connect session the request (or the OAuth flow) was made with
                 */
                session_id: string;
                /**
                 * Format: uuid
                 * @description The API key that created the session
                 */
                api_key_id: string;
                api_key_name: string | null;
                name: null;
            };
            /** @description The integration, webhook, delivery or API key acted on */
            target_id: string | null;
            /** @description The server's id of the request (its meta.request_id and x-request-id) */
            request_id: string | null;
            /** @description The X-Request-Id the client sent, when it was 1–200 printable ASCII characters without spaces and not secret-shaped */
            client_request_id: string | null;
            client_address: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
        };
        /** @description A connect session, never its token. Deleted a day after it expires. */
        ConnectSession: {
            /** Format: uuid */
            id: string;
            project_id: string;
            /** @description What the session may connect */
            providers: components["schemas"]["Provider"][];
            return_url: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            expires_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            revoked_at: string | null;
            /** @enum {string} */
            state: "active" | "expired" | "revoked";
        };
        ConnectSessionCreated: {
            /** Format: uuid */
            id: string;
            project_id: string;
            /** @description What the session may connect */
            providers: components["schemas"]["Provider"][];
            return_url: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            expires_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /** @description The session token. Shown only in this answer; stored as its SHA-256. */
            token: string;
            /**
             * Format: uri
             * @description The hosted connect page with the token in the fragment: `<PUBLIC_URL>/connect/#session=<token>`
             * @example https://audit.example.com/connect/#session=cs_…
             */
            url: string;
        };
        ConnectSessionInfo: {
            /** Format: uuid */
            id: string;
            project_id: string;
            /** @description What the session may connect */
            providers: components["schemas"]["Provider"][];
            return_url: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            expires_at: string;
            /** Format: uuid */
            org_id: string;
        };
        /** @description Every failure: a snake_case code and a message that never quotes submitted values */
        Error: {
            data: null;
            meta: {
                request_id: string;
            };
            error: {
                /** @example invalid_provider */
                code: string;
                message: string;
            };
        };
        Finding: {
            /** Format: uuid */
            id: string;
            title: string;
            description: string | null;
            /** @enum {string} */
            severity: "info" | "low" | "medium" | "high" | "critical";
            url: string | null;
            category: string | null;
            /** @enum {string} */
            status: "open" | "resolved";
            /** @enum {string} */
            source: "audit" | "sentry";
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
            tasks: components["schemas"]["Task"][];
        };
        /** @description A connected (or once connected) provider. Credentials are never returned. */
        Integration: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            project_id: string;
            provider: components["schemas"]["Provider"];
            /** @enum {string} */
            status: "connected" | "disconnected" | "syncing" | "error";
            /** @description Present, and always empty, when status is disconnected */
            credentials?: Record<string, never>;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            last_sync_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
        };
        /** @description The list row of a connected (or once connected) integration, plus its settings, next periodic sync and credential health. */
        IntegrationDetail: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            project_id: string;
            provider: components["schemas"]["Provider"];
            /** @enum {string} */
            status: "connected" | "disconnected" | "syncing" | "error";
            /** @description Present, and always empty, when status is disconnected */
            credentials?: Record<string, never>;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            last_sync_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
            settings: components["schemas"]["IntegrationSettings"];
            /**
             * Format: date-time
             * @description When the next periodic sync is due; null while paused or disconnected
             * @example 2025-06-10T14:00:00Z
             */
            next_sync_at: string | null;
            health: components["schemas"]["IntegrationHealth"];
        };
        IntegrationHealth: {
            /**
             * @description unknown until the first sync or probe; needs_reconnect after a 401/403/invalid_grant; degraded after timeouts or 5xx
             * @enum {string}
             */
            state: "ok" | "needs_reconnect" | "degraded" | "unknown";
            /** @description The provider's answer, sanitised, when not ok */
            reason: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            checked_at: string | null;
            /**
             * Format: date-time
             * @description When the stored OAuth access token expires, if known
             * @example 2025-06-10T14:00:00Z
             */
            credentials_expire_at: string | null;
        };
        /** @description A provider never connected for this project (note `inserted_at`, as the spec has it). */
        IntegrationPlaceholder: {
            id: null;
            provider: components["schemas"]["Provider"];
            /** @enum {string} */
            status: "disconnected";
            /** @description Always empty: a placeholder, never a secret */
            credentials: Record<string, never>;
            last_sync_at: null;
            inserted_at: null;
            updated_at: null;
        };
        /** @description A never-connected provider: the placeholder (note `inserted_at`) with the default settings. */
        IntegrationPlaceholderDetail: {
            id: null;
            provider: components["schemas"]["Provider"];
            /** @enum {string} */
            status: "disconnected";
            /** @description Always empty: a placeholder, never a secret */
            credentials: Record<string, never>;
            last_sync_at: null;
            inserted_at: null;
            updated_at: null;
            settings: {
                sync_interval_seconds: null;
                /** @enum {boolean} */
                paused: false;
            };
            next_sync_at: null;
            health: {
                /** @enum {string} */
                state: "unknown";
                reason: null;
                checked_at: null;
                credentials_expire_at: null;
            };
            realtime?: {
                /** @enum {string} */
                state: "pending" | "unavailable";
                /** @description Why not registered, with the provider's answer (sanitised) and what the credentials need */
                reason: string | null;
                url: null;
                secret: null;
            };
        };
        /** @description Inbound provider webhooks: whether changes made at the provider reach this service at once */
        IntegrationRealtime: {
            /**
             * @description pending: not registered yet (before the first sync, or retried after a transient failure); registered: the provider pushes to `url`; manual: add the webhook by hand with `url` and `secret` (Sentry: give its secret with PUT …/realtime); unavailable: the provider sends no issue webhooks
             * @enum {string}
             */
            state: "pending" | "registered" | "manual" | "unavailable";
            /** @description Why not registered, with the provider's answer (sanitised) and what the credentials need */
            reason: string | null;
            /** @description The inbound URL the provider delivers to; null until the hook exists (and for unavailable providers) */
            url: string | null;
            /** @description The signing secret to paste at the provider: only while `manual`, only to a key with audit:write, never for Sentry (its secret is yours) nor in any list */
            secret: string | null;
        };
        IntegrationSettings: {
            /** @description The integration's own interval; null = the deployment's SYNC_INTERVAL */
            sync_interval_seconds: number | null;
            paused: boolean;
        };
        /** @description The detail of a connected (or once connected) integration, with its inbound webhook state. */
        IntegrationView: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            project_id: string;
            provider: components["schemas"]["Provider"];
            /** @enum {string} */
            status: "connected" | "disconnected" | "syncing" | "error";
            /** @description Present, and always empty, when status is disconnected */
            credentials?: Record<string, never>;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            last_sync_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
            settings: components["schemas"]["IntegrationSettings"];
            /**
             * Format: date-time
             * @description When the next periodic sync is due; null while paused or disconnected
             * @example 2025-06-10T14:00:00Z
             */
            next_sync_at: string | null;
            health: components["schemas"]["IntegrationHealth"];
            realtime: components["schemas"]["IntegrationRealtime"];
        };
        Metric: {
            provider: components["schemas"]["Provider"];
            dimension: string;
            metric: string;
            value: number;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            period_start: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            period_end: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            pulled_at: string;
        };
        OAuthProvider: {
            provider: components["schemas"]["Provider"];
            label: string;
            fields: string[];
        };
        OAuthStart: {
            /** Format: uri */
            authorize_url: string;
            /** Format: date-time */
            expires_at: string;
        };
        /** @enum {string} */
        Provider: "ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare";
        ProviderCatalogEntry: {
            /** @enum {string} */
            id: "ga4" | "gsc" | "sentry" | "github" | "gitlab" | "jira" | "linear" | "cloudflare";
            label: string;
            /**
             * @description tracker: findings become issues there; findings / metrics: pulled from there
             * @enum {string}
             */
            kind: "tracker" | "findings" | "metrics";
            summary: string;
            credentials: {
                key: string;
                title: string;
                /** @enum {string} */
                type: "string";
                required: boolean;
                /** @description Never shown again once stored */
                secret: boolean;
                description: string;
                /**
                 * Format: uri
                 * @description Where to find or create the value
                 */
                link: string | null;
                /** @description The expected form in words, e.g. owner/name or url */
                format: string | null;
            }[];
            /** @description null when the provider offers no OAuth to third-party apps */
            oauth: {
                /** @description "Connect with …" is available on this deployment */
                configured: boolean;
                /** @description The non-secret keys to send to oauth/start */
                fields: string[];
            } | null;
        };
        SyncRun: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            integration_id: string;
            provider: components["schemas"]["Provider"];
            /**
             * @description `full_resync`: POST …/resync (links forgotten, open findings re-matched by marker)
             * @enum {string}
             */
            trigger: "manual" | "schedule" | "full_resync";
            /** @enum {string} */
            outcome: "running" | "succeeded" | "failed" | "cancelled";
            /** @description The Temporal workflow id: find the run in the Temporal UI */
            workflow_id: string;
            run_id: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            started_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            finished_at: string | null;
            error_code: string | null;
            error_message: string | null;
            items_pushed: number;
            items_pulled: number;
            items_updated: number;
            /** @description Per-sync caps reached (PROVIDER_MAX_PAGES, PROVIDER_MAX_ROWS): what was not read */
            warnings: string[];
            /** @description The OpenTelemetry trace of the run (API request, workflow, activities, provider calls); null when tracing was off */
            trace_id: string | null;
            /** @description The trace in the tracing UI (TRACE_UI_URL with the trace id); null without a trace id or TRACE_UI_URL */
            trace_url: string | null;
        };
        /** @description The issue tracking a finding in an external tracker */
        Task: {
            provider: string;
            external_id: string | null;
            url: string | null;
            /** @enum {string} */
            state: "open" | "closed";
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            synced_at: string | null;
        };
        VerifyResult: {
            ok: boolean;
            /** @description Per credential key (`credentials` for a rule across keys); never a value */
            problems: {
                key: string;
                message: string;
            }[];
            /**
             * @description provider: one authenticated read ran at the provider
             * @enum {string}
             */
            checked: "schema" | "provider";
            note?: string;
        };
        /** @description A webhook endpoint. The signing secret is never returned, except once on create and rotate. */
        Webhook: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            url: string;
            events: components["schemas"]["WebhookEventType"][];
            /** @description Only this project's events; null = every project */
            project_id: string | null;
            enabled: boolean;
            /** @description Why the server switched it off (a 410 Gone from the receiver) */
            disabled_reason: string | null;
            /**
             * Format: date-time
             * @description After a rotation: until when the previous secret still signs, next to the new one
             * @example 2025-06-10T14:00:00Z
             */
            previous_secret_expires_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
        };
        WebhookDelivery: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            webhook_id: string;
            /**
             * Format: uuid
             * @description The payload `id` and the `webhook-id` header: the same on every attempt
             */
            event_id: string;
            event_type: components["schemas"]["WebhookEventType"];
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            last_status_code: number | null;
            last_error: string | null;
            /**
             * Format: date-time
             * @description When the next attempt is due while pending
             * @example 2025-06-10T14:00:00Z
             */
            next_attempt_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            delivered_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
        };
        /** @enum {string} */
        WebhookEventType: "integration.connected" | "integration.disconnected" | "sync.succeeded" | "sync.failed" | "findings.pushed" | "integration.auth_failed" | "integration.auth_recovered";
        WebhookWithSecret: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            org_id: string;
            url: string;
            events: components["schemas"]["WebhookEventType"][];
            /** @description Only this project's events; null = every project */
            project_id: string | null;
            enabled: boolean;
            /** @description Why the server switched it off (a 410 Gone from the receiver) */
            disabled_reason: string | null;
            /**
             * Format: date-time
             * @description After a rotation: until when the previous secret still signs, next to the new one
             * @example 2025-06-10T14:00:00Z
             */
            previous_secret_expires_at: string | null;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC, second precision
             * @example 2025-06-10T14:00:00Z
             */
            updated_at: string;
            /** @description The Standard Webhooks signing secret. Shown only in this answer: store it now. */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
