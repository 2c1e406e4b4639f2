import type { Knex } from 'knex';
import * as client from 'openid-client';

/**
 * A province's single sign-on (统一身份认证) over OpenID Connect, authorization code flow with
 * PKCE, state and nonce. Configured by OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and
 * OIDC_REDIRECT_URI (this server's `/api/auth/oidc/callback` as registered at the provider).
 */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Exactly as registered at the provider: `https://…/api/auth/oidc/callback`. */
  redirectUri: string;
  /** Scopes asked for; `openid profile` by default. */
  scope?: string;
  /** Plain-HTTP issuers (a provider on the same machine in tests); never for a real one. */
  allowInsecure?: boolean;
}

/** Logins under way older than this are abandoned. */
const LOGIN_MINUTES = 10;

export class OidcLogin {
  #config: Promise<client.Configuration> | undefined;

  constructor(readonly options: OidcOptions) {}

  /** The provider's metadata, discovered once (again after a failure). */
  config(): Promise<client.Configuration> {
    this.#config ??= client.discovery(
      new URL(this.options.issuer),
      this.options.clientId,
      this.options.clientSecret,
      undefined,
      this.options.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    this.#config.catch(() => {
      this.#config = undefined;
    });
    return this.#config;
  }

  /** Starts a login: remembers state, nonce and the PKCE verifier; returns the provider's URL. */
  async start(knex: Knex): Promise<string> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await knex('oidc_logins')
      .where('created_at', '<', knex.raw(`now() - make_interval(mins => ?)`, [LOGIN_MINUTES]))
      .del();
    await knex('oidc_logins').insert({ state, code_verifier: codeVerifier, nonce });
    return client
      .buildAuthorizationUrl(config, {
        redirect_uri: this.options.redirectUri,
        scope: this.options.scope ?? 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /**
   * Finishes a login from the provider's redirect (`search` is the callback's query string):
   * checks state, nonce and PKCE, exchanges the code, and returns the local account linked to the
   * subject — created as an applicant on first sign-in. Null when the login is unknown or refused.
   */
  async finish(knex: Knex, search: string): Promise<{ userId: string } | null> {
    const params = new URLSearchParams(search);
    const state = params.get('state');
    if (!state) return null;
    const pending = await knex('oidc_logins')
      .where({ state })
      .andWhere('created_at', '>', knex.raw(`now() - make_interval(mins => ?)`, [LOGIN_MINUTES]))
      .first('code_verifier', 'nonce');
    // One use only, whatever the outcome.
    await knex('oidc_logins').where({ state }).del();
    if (!pending) return null;
    const config = await this.config();
    const callback = new URL(this.options.redirectUri);
    callback.search = search;
    let claims: client.IDToken | undefined;
    let name: unknown;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
      });
      claims = tokens.claims();
      if (!claims?.sub) return null;
      // Providers often keep profile claims out of the ID token: ask the userinfo endpoint.
      name = claims.name ?? (await client.fetchUserInfo(config, tokens.access_token, claims.sub)).name;
    } catch {
      return null;
    }
    const subject = `${this.options.issuer}#${claims.sub}`;
    const found = await knex('users').where({ oidc_subject: subject }).first('id');
    if (found) return { userId: found.id };
    const displayName = typeof name === 'string' && name ? name : claims.sub;
    const [created] = await knex('users')
      .insert({
        username: `sso:${claims.sub}`.slice(0, 100),
        display_name: displayName.slice(0, 100),
        role: 'applicant',
        department_id: null,
        // No local password: '!' is no argon2 hash, so a password login can never match.
        password_hash: '!',
        oidc_subject: subject,
      })
      .returning('id');
    return { userId: created.id };
  }
}
