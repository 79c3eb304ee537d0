/**
 * A JSON-RPC proxy in front of a real node, for end-to-end tests of what public endpoints do: refuse
 * `eth_getLogs` over too many blocks or with too many results (in the shapes real providers use), or
 * drop one transaction. Each request goes to `intercept` first; `undefined` forwards it unchanged.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RpcRequest {
  jsonrpc: "2.0";
  id: number | string | null;
  method: string;
  params?: unknown[];
}

/** What the proxy answers instead of the node: a JSON-RPC error, or a bare HTTP status. */
export type Interception = { error: { code: number; message: string } } | { httpStatus: number } | undefined;

export interface RpcProxy {
  url: string;
  /** Requests the proxy refused, by method. */
  refused: Record<string, number>;
  close(): Promise<void>;
}

/** Forwards one request to the node. */
export async function forward(target: string, request: RpcRequest): Promise<{ result?: unknown; error?: unknown }> {
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  return (await response.json()) as { result?: unknown; error?: unknown };
}

/**
 * Starts a proxy on a free loopback port. `intercept` sees each request (and may forward it itself
 * with `forward` to look at the answer first).
 */
export async function startRpcProxy(
  target: string,
  intercept: (request: RpcRequest) => Promise<Interception> | Interception,
): Promise<RpcProxy> {
  const refused: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      void (async () => {
        const request = JSON.parse(body) as RpcRequest;
        const interception = await intercept(request);
        if (interception !== undefined) refused[request.method] = (refused[request.method] ?? 0) + 1;
        if (interception !== undefined && "httpStatus" in interception) {
          res.writeHead(interception.httpStatus, { "content-type": "text/plain" });
          res.end("Payload Too Large");
          return;
        }
        const answer =
          interception === undefined
            ? await forward(target, request)
            : { jsonrpc: "2.0", id: request.id, error: interception.error };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, ...answer }));
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The block span of an `eth_getLogs` request. */
export function logRange(request: RpcRequest): number {
  const { fromBlock, toBlock } = request.params![0] as { fromBlock: string; toBlock: string };
  return Number(toBlock) - Number(fromBlock) + 1;
}
