/** A small typed HTTP client for tests and examples: it speaks the API as the web app does. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export class ApiClient {
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T };
  }

  // biome-ignore lint/suspicious/noExplicitAny: see request.
  get = <T = any>(path: string) => this.request<T>('GET', path);
  // biome-ignore lint/suspicious/noExplicitAny: see request.
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, body ?? {}, headers);

  /** Logs in and keeps the token for later calls. */
  async login(username: string, password = 'yijian123'): Promise<this> {
    const res = await this.post<{ token: string }>('/api/auth/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return this;
  }
}

/**
 * The restaurant's combined form, answered for a small new restaurant: no business licence yet,
 * 120 m² and 200,000 yuan (under the fire-check threshold), no tobacco.
 */
export const restaurantForm = {
  'applicant.name': '张三',
  'applicant.idNumber': '11010519491231002X',
  'applicant.phone': '13800138000',
  'entity.hasBusinessLicence': false,
  'entity.name': '北京张记餐饮有限公司',
  'entity.type': 'company',
  'entity.address': '北京市朝阳区建国路88号',
  'entity.scope': '餐饮服务；食品销售',
  'entity.registeredCapital': 50,
  'shop.name': '张记小馆',
  'shop.address': '北京市朝阳区建国路88号',
  'shop.area': 120,
  'shop.foodCategories': 'hotFood',
  'shop.staffCount': 6,
  'shop.signText': '张记小馆',
  'shop.signArea': 4.5,
  'shop.investment': 20,
  'shop.sellsTobacco': false,
  'environment.sewageDestination': 'municipal',
  'environment.hasFumePurifier': true,
};
