// Every /api/v1 operation, for the OpenAPI document and the reference page. openapi.test.ts walks
// app/api/v1 and fails when a route file is missing here, so the document cannot fall behind the API.
import type { ApiRouteModule } from "@/lib/api/openapi";

export const API_ROUTES: readonly ApiRouteModule[] = [];
