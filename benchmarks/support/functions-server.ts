// The Deno-served functions (local-stack/functions-server.ts) for a benchmark: a free port, the given env,
// and a wait until /_ready answers. Every benchmark that measures through the functions starts them here.
const root = new URL("../../", import.meta.url).pathname;

export interface BenchFunctionsServer {
  port: number;
  /** http://127.0.0.1:<port>/functions/v1 */
  functionsUrl: string;
  process: Deno.ChildProcess;
  stop: () => Promise<void>;
}

export async function startBenchFunctionsServer(options: {
  env: Record<string, string>;
  /** Another config.toml (e.g. one function alone); default the project's. */
  configToml?: string;
  /** Deno permissions; default net, env, read, sys. */
  permissions?: string[];
  stderr?: "null" | "inherit";
}): Promise<BenchFunctionsServer> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      ...(options.permissions ?? ["--allow-net", "--allow-env", "--allow-read", "--allow-sys"]),
      "--config",
      `${root}edge-functions/deno.json`,
      `${root}local-stack/functions-server.ts`,
      "--port",
      String(port),
      "--config-toml",
      options.configToml ?? `${root}supabase/config.toml`,
    ],
    env: { SUPABASE_URL: `http://127.0.0.1:${port}`, ...options.env },
    stdout: "null",
    stderr: options.stderr ?? "null",
  }).spawn();
  const functionsUrl = `http://127.0.0.1:${port}/functions/v1`;
  let ready = false;
  for (let i = 0; i < 300 && !ready; i++) {
    try {
      const res = await fetch(`${functionsUrl}/_ready`);
      await res.body?.cancel();
      ready = res.ok;
    } catch { /* starting */ }
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    process.kill("SIGTERM");
    await process.status;
    throw new Error("the functions server did not come up");
  }
  return {
    port,
    functionsUrl,
    process,
    stop: async () => {
      process.kill("SIGTERM");
      await process.status;
    },
  };
}
