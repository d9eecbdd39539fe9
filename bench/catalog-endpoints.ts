/** The catalog routes the dashboard's pages ask, which the response cache answers (the load bench's cached mix). */
export const CATALOG_ENDPOINTS = [
  '/api/models?country=CN&sort=-released&limit=50',
  '/api/models?facet=country&facet=license_class&limit=50',
  '/api/models/deepseek-ai/DeepSeek-R1',
  '/api/stats',
  '/api/timeline?interval=month',
  '/api/frontier?benchmark=AIME%202024',
];
