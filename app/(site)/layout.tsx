import type { Metadata } from "next";

// Home-screen and touch icons for the public site (the manifest comes from app/manifest.ts).
export const metadata: Metadata = {
  icons: {
    icon: [
      { url: "/icons/favicon-32.png", sizes: "32x32", type: "image/png" },
      { url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
    ],
    apple: [{ url: "/icons/apple-touch-icon.png", sizes: "180x180" }],
  },
  appleWebApp: { capable: true, title: "Pushboard", statusBarStyle: "default" },
  formatDetection: { telephone: false },
};

export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return <div className="flex min-h-dvh flex-col">{children}</div>;
}
