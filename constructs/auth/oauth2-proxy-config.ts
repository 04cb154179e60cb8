/** A value of oauth2-proxy's TOML config file. */
export type CfgValue = string | number | boolean | readonly string[];

/** Writes a flat TOML document; oauth2-proxy's config has no tables. */
export function toToml(cfg: Readonly<Record<string, CfgValue>>): string {
  const value = (v: CfgValue): string =>
    typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[ ${v.map((s) => JSON.stringify(s)).join(', ')} ]` : String(v);
  return Object.entries(cfg).map(([k, v]) => `${k} = ${value(v)}`).join('\n') + '\n';
}

export const LOGO_DIR = '/custom-theme';
export const LOGO_FILE = 'kubeflow-logo.svg';

/** A plain word mark for the sign-in page (ours: upstream's artwork is not copied). */
export const DEFAULT_LOGO = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="64" viewBox="0 0 256 64">',
  '<text x="128" y="44" font-family="sans-serif" font-size="36" font-weight="600" text-anchor="middle" fill="#4279f4">Kubeflow</text>',
  '</svg>',
  '',
].join('\n');

export interface ProxyCfgInput {
  /** Issuer of the ID tokens oauth2-proxy accepts. */
  readonly issuer: string;
  /** Dex inside the cluster, where codes are redeemed and keys fetched. */
  readonly dexService: string;
  readonly emailDomains: readonly string[];
  readonly cookieExpire: string;
}

/**
 * oauth2-proxy as Istio's external authorizer: it answers each check with 200 (static
 * upstream) or starts the login. Discovery is skipped so that the login URL stays
 * relative to the gateway host, as upstream does; codes are redeemed in-cluster.
 */
export function proxyCfg(input: ProxyCfgInput): Record<string, CfgValue> {
  return {
    provider: 'oidc',
    oidc_issuer_url: input.issuer,
    scope: 'profile email groups openid',
    email_domains: input.emailDomains,
    upstreams: ['static://200'],
    skip_auth_routes: ['^/dex/'],
    // Background requests get 401 instead of a login redirect (and a CSRF cookie each).
    api_routes: ['/api/', '/apis/', '^/ml_metadata'],
    skip_oidc_discovery: true,
    login_url: '/dex/auth',
    redeem_url: `${input.dexService}/token`,
    oidc_jwks_url: `${input.dexService}/keys`,
    skip_provider_button: false,
    provider_display_name: 'Dex',
    custom_sign_in_logo: `${LOGO_DIR}/${LOGO_FILE}`,
    banner: '-',
    footer: '-',
    // oauth2-proxy sends prompt=force by default, which makes Dex ask for the password every time.
    prompt: 'none',
    // The ID token goes to Istio as a bearer token: RequestAuthentication `dex-jwt` reads the user from it.
    set_authorization_header: true,
    set_xauthrequest: true,
    cookie_name: 'oauth2_proxy_kubeflow',
    // Dex's ID tokens live 24h; a longer cookie would outlive the token Istio checks.
    cookie_expire: input.cookieExpire,
    cookie_refresh: 0,
    code_challenge_method: 'S256',
    redirect_url: '/oauth2/callback',
    relative_redirect_url: true,
  };
}
