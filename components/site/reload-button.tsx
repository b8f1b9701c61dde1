"use client";
import { SiteButton } from "./button";

export function ReloadButton() {
  return <SiteButton onClick={() => window.location.reload()}>Try again</SiteButton>;
}
