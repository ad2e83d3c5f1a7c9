// npm run gen:openapi: writes clients/openapi.json from the contract (tests/unit/openapi.test.ts fails when
// the committed file is stale).
import { openApiJson } from "../../edge-functions/_contract/openapi.ts";

const target = new URL("../openapi.json", import.meta.url);
await Deno.writeTextFile(target, openApiJson());
console.log(`wrote ${target.pathname}`);
