import type { Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, Registry } from 'prom-client';

export declare function registry(): Registry;
export declare function counter<T extends string>(config: CounterConfiguration<T>): Counter<T>;
export declare function gauge<T extends string>(config: GaugeConfiguration<T>): Gauge<T>;
export declare function histogram<T extends string>(config: HistogramConfiguration<T>): Histogram<T>;
export declare const LATENCY_BUCKETS: number[];
export declare function httpMetrics(): {
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  inFlight: Gauge<string>;
};
export declare function methodLabel(method: string | undefined): string;
export declare function normalisePath(path: string): string;
export type RoutesManifest = { staticRoutes?: { page: string }[]; dynamicRoutes?: { page: string; regex: string }[] };
export declare function createRouteNamer(manifest: RoutesManifest | null | undefined): (url: string | undefined) => string;
export declare function metricsAccess(authorization: string | null | undefined, configured: string | undefined): 200 | 401 | 404;
export declare const CONTENT_TYPE: string;
export declare function resetMetricsForTests(): void;
