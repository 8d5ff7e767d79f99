// A real OpenID Connect provider for the sign-on tests: npm's oidc-provider (OpenID Certified),
// on loopback only. Any login name typed at its development login form signs in, with the name
// as the subject and e-mail, so tests choose who signs in. Never for production.
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI [REDIRECT_URI ...]
// OIDC_PROVIDER_MODULE is the folder of the installed oidc-provider package.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [port, clientId, clientSecret, ...redirects] = process.argv.slice(2);
const entry = path.join(process.env.OIDC_PROVIDER_MODULE, "lib", "index.js");
const { default: Provider } = await import(pathToFileURL(entry).href);

const issuer = `http://localhost:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirects,
      post_logout_redirect_uris: redirects, // Streamlit's st.logout returns to /oauth2callback
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  scopes: ["openid", "email", "profile"],
  pkce: { required: () => false },
  // the ID token carries the e-mail (Streamlit reads st.user from the ID token only)
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["povmap-test-only"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split("@")[0] };
      },
    };
  },
});
provider.proxy = false;
const server = provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
