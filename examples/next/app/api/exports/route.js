// A route handler that imports the package on the server without calling it.
import * as cometchat from "cometchat-wasm";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ exports: Object.keys(cometchat).sort() });
}
