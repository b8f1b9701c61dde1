// Runs once when the Next server starts: migrate, create first-start secrets and keys.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getServerContext } = await import("@/lib/server-context");
  getServerContext();
}
