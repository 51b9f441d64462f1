/** Small JSON helpers for talking to the CMS like any client would. */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

export async function requestJson<T = unknown>(url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body: body as T };
}

/** Logs in to the Strapi admin API and returns the admin JWT. */
export async function adminToken(cmsUrl: string, email: string, password: string): Promise<string> {
  const res = await requestJson<{ data?: { token?: string; accessToken?: string } }>(`${cmsUrl}/admin/login`, {
    method: 'POST',
    json: { email, password },
  });
  const token = res.body.data?.token ?? res.body.data?.accessToken;
  if (res.status !== 200 || !token) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}
