// What a visitor needs when push cannot work yet: unsupported browsers, iOS outside a home-screen
// app, and a permission that was denied.

export function Notice({
  tone,
  title,
  children,
}: {
  tone: "info" | "warn" | "error" | "success";
  title: string;
  children: React.ReactNode;
}) {
  const tones = {
    info: "border-brand-500/40 bg-brand-50 dark:bg-brand-700/15",
    warn: "border-amber-400/60 bg-amber-50 dark:bg-amber-900/20",
    error: "border-red-400/60 bg-red-50 dark:bg-red-900/20",
    success: "border-emerald-400/60 bg-emerald-50 dark:bg-emerald-900/20",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-xl border p-4 ${tones[tone]}`}>
      <p className="font-semibold">{title}</p>
      <div className="mt-1 space-y-2 text-sm">{children}</div>
    </div>
  );
}

export function HomeScreenHelp() {
  return (
    <Notice tone="info" title="Add this site to your Home Screen first">
      <p>On iPhone and iPad, notifications work only for sites added to the Home Screen (iOS 16.4 or later).</p>
      <ol className="list-decimal space-y-1 pl-5">
        <li>
          Tap the <strong>Share</strong> button in Safari&rsquo;s toolbar.
        </li>
        <li>
          Choose <strong>Add to Home Screen</strong>, then <strong>Add</strong>.
        </li>
        <li>Open the site from its new Home Screen icon and turn notifications on there.</li>
      </ol>
    </Notice>
  );
}

export function UnsupportedHelp() {
  return (
    <Notice tone="warn" title="This browser cannot receive notifications">
      <p>
        It does not support Web Push, or the page is not on a secure (https) address. Current versions of Chrome, Edge,
        Firefox and Safari all support it.
      </p>
    </Notice>
  );
}

export function DeniedHelp() {
  return (
    <Notice tone="warn" title="Notifications are blocked for this site">
      <p>You (or your browser) said no earlier, so we cannot ask again. To allow them:</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <strong>Chrome, Edge:</strong> click the icon left of the address bar → <em>Site settings</em> →{" "}
          <em>Notifications</em> → <em>Allow</em>.
        </li>
        <li>
          <strong>Firefox:</strong> click the icon left of the address bar → clear the <em>Blocked</em> notifications
          permission.
        </li>
        <li>
          <strong>Safari (Mac):</strong> Safari → <em>Settings</em> → <em>Websites</em> → <em>Notifications</em> → allow
          this site.
        </li>
        <li>
          <strong>iPhone, iPad:</strong> Settings → <em>Notifications</em> → this app → <em>Allow Notifications</em>.
        </li>
      </ul>
      <p>Then reload this page.</p>
    </Notice>
  );
}
