// A server component: it imports the package (as any shared module would be) and renders on the
// server, where nothing of it may touch the browser. The calls happen in the client component.
import { CometChat } from "cometchat-wasm";
import Profile from "./profile";

export default function Page() {
  return (
    <main>
      <p id="server">rendered on the server with CometChat.init: {typeof CometChat.init}</p>
      <Profile />
    </main>
  );
}
