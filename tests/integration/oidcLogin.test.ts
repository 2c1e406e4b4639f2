import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Single sign-on (issue 14, acceptance 5): Yijian logs a person in through a real OpenID Connect
 * provider (`oidc-provider`, started here on a local port) with the authorization code flow and
 * PKCE, links the provider's subject to a local applicant account, and sets the session cookie.
 */
let server: TestServer;
let providerServer: Server;
let browser: Browser;
const CLIENT_SECRET = 'a-long-test-client-secret-for-yijian';

/** A free port on the loopback address (taken, then released for the server that uses it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const [providerPort, yijianPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${providerPort}`;
  const redirectUri = `http://127.0.0.1:${yijianPort}/api/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'yijian',
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // Any login name is an account whose subject is that name (the provider's dev login form).
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: '王五（统一身份认证）' }),
    }),
    claims: { openid: ['sub'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
  });
  providerServer = createServer(provider.callback());
  await new Promise<void>((resolve) => providerServer.listen(providerPort, '127.0.0.1', resolve));
  server = await startTestServer('oidc_login', {
    port: yijianPort,
    app: {
      oidc: { issuer, clientId: 'yijian', clientSecret: CLIENT_SECRET, redirectUri, allowInsecure: true },
    },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  providerServer?.closeAllConnections();
  await new Promise<void>((resolve) => (providerServer ? providerServer.close(() => resolve()) : resolve()));
});

describe('Given a province’s single sign-on provider', () => {
  it('should log a person in through it and link them to a local applicant account', async () => {
    const page = await browser.newPage();
    try {
      // When the person starts single sign-on, they land on the provider's login page
      await page.goto(`${server.url}/api/auth/oidc/start`);
      expect(page.url()).toContain('/interaction/');
      await page.fill('input[name=login]', 'wangwu-110105');
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
      // and consent to share their profile
      await page.waitForLoadState();
      if (page.url().includes('/interaction/')) await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/**`);

      // Then Yijian knows them, by a session cookie the page's scripts cannot read
      await page.goto(`${server.url}/api/me`);
      const me = JSON.parse(await page.locator('body').innerText()) as {
        id: string;
        role: string;
        displayName: string;
      };
      expect(me).toMatchObject({ role: 'applicant', displayName: '王五（统一身份认证）' });
      expect(await page.evaluate('document.cookie')).not.toContain('yj_session');
      const linked = await server.knex('users').where({ id: me.id }).first('oidc_subject');
      expect(linked.oidc_subject).toMatch(/#wangwu-110105$/);

      // And a second sign-in is the same account
      const again = await browser.newPage();
      await again.goto(`${server.url}/api/auth/oidc/start`);
      if (again.url().includes('/interaction/')) {
        if (await again.locator('input[name=login]').count()) {
          await again.fill('input[name=login]', 'wangwu-110105');
          await again.fill('input[name=password]', 'any');
          await again.click('button[type=submit]');
          await again.waitForLoadState();
        }
        if (again.url().includes('/interaction/')) await again.click('button[type=submit]');
      }
      await again.waitForURL(`${server.url}/**`);
      await again.goto(`${server.url}/api/me`);
      const second = JSON.parse(await again.locator('body').innerText()) as { id: string };
      expect(second.id).toBe(me.id);
      await again.close();
    } finally {
      await page.close();
    }
  }, 60_000);

  it('should refuse a return with an unknown or replayed state', async () => {
    const res = await fetch(`${server.url}/api/auth/oidc/callback?code=x&state=forged`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('oidc_login_failed');
  });
});
