// The part of autocannon's API the API benchmark uses (the package ships no types).
declare module "autocannon" {
  type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
  };
  export type AutocannonRequest = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  };
  export type AutocannonOptions = {
    url: string;
    connections: number;
    duration: number;
    timeout?: number;
    overallRate?: number;
    requests?: AutocannonRequest[];
    headers?: Record<string, string>;
  };
  export type AutocannonResult = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  };
  type Instance = Promise<AutocannonResult> & { stop(): void };
  function autocannon(options: AutocannonOptions): Instance;
  export default autocannon;
}
