/** Served at / until the console is built (`npm run build -w @hotline/web-console`). */
export const placeholderConsole = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tổng đài 111 — Hotline console</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Tổng đài bảo vệ trẻ em — hotline console</h1>
<p>The API is running. The web console has not been built yet: run <code>npm run build -w @hotline/web-console</code>, or use the API directly.</p>
<ul><li><a href="/api/openapi.json">OpenAPI document</a></li><li><a href="/readyz">Readiness</a></li></ul>
</body></html>`;
