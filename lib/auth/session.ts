// The session reader: the only place that asks Auth.js who is signed in. Everything else goes
// through requireUser, which checks that id against the database.
import { auth } from "./auth";

export async function getSessionUserId(): Promise<number | null> {
  const session = await auth();
  const id = Number(session?.user?.id);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
