export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-3xl font-semibold">Pushboard</h1>
      <p className="text-muted mt-2">Notifications from this site, only the topics you choose.</p>
    </main>
  );
}
