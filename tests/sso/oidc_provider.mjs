// A real OpenID Connect provider for the single sign-on tests (the npm package oidc-provider).
//
//   node tests/sso/oidc_provider.mjs PORT ACCOUNTS.json REDIRECT_URI
//
// One confidential client ("crm", secret "crm-secret") for REDIRECT_URI. ACCOUNTS.json maps a
// login to {"password": ..., "claims": {...}}; it is read again on every sign-in, so a test
// changes a person's groups (or removes them) by rewriting the file. The login page is ours
// (GET shows a form, POST checks the password); consent is given for the one first-party client.
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, accountsFile, redirectUri] = process.argv.slice(2);
const accounts = () => JSON.parse(fs.readFileSync(accountsFile, 'utf8'));

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'crm',
    client_secret: 'crm-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  findAccount: async (ctx, id) => {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, ...account.claims }) };
  },
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  pkce: { required: () => false },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['sso-tests-only'] },
});

function readForm(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
  });
}

const handler = provider.callback();
http.createServer(async (req, res) => {
  if (!req.url.startsWith('/interaction/')) return handler(req, res);
  try {
    await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(`<form method="post" action="${req.url}"><input name="login"><input name="password" type="password"></form>`);
    }
    const form = await readForm(req);
    const account = accounts()[form.get('login')];
    if (!account || account.password !== form.get('password')) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      return res.end('wrong login or password');
    }
    return provider.interactionFinished(req, res, { login: { accountId: form.get('login') } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    return res.end(String(error));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`listening on ${port}`));
