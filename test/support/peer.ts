// Requests as scripts/server.ts hands them to Next: stamped with the socket's address in the header only
// this process can write (lib/http/client-address.ts). Tests that call route handlers directly use it to
// say which client a request comes from, the way the real server does.
import { enablePeerStamps, stampPeer } from "@/lib/http/client-address";

export function fromPeer(address: string, headers: Record<string, string> = {}): Record<string, string> {
  enablePeerStamps();
  const stamped: Record<string, string | string[] | undefined> = { ...headers };
  stampPeer(stamped, address);
  return stamped as Record<string, string>;
}
