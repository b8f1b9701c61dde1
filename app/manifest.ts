import type { MetadataRoute } from "next";

// The installable app's identity (served at /manifest.webmanifest). Colours match app/layout.tsx.
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Pushboard notifications",
    short_name: "Pushboard",
    description: "Notifications from this site, only the topics you choose.",
    start_url: "/?source=pwa",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#f6f7f9",
    theme_color: "#4f46e5",
    categories: ["news", "productivity"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icons/badge-96.png", sizes: "96x96", type: "image/png", purpose: "monochrome" },
    ],
    screenshots: [
      {
        src: "/screenshots/narrow.png",
        sizes: "390x844",
        type: "image/png",
        form_factor: "narrow",
        label: "Choosing topics on a phone",
      },
      {
        src: "/screenshots/wide.png",
        sizes: "1280x800",
        type: "image/png",
        form_factor: "wide",
        label: "Notification settings on a desktop",
      },
    ],
    shortcuts: [
      {
        name: "Notification settings",
        short_name: "Settings",
        description: "Choose topics, send a test or turn notifications off",
        url: "/#preferences",
        icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }],
      },
    ],
  };
}
