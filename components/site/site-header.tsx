import Image from "next/image";
import Link from "next/link";

export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-subtle surface border-b">
      <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <Image src="/icons/icon-192.png" alt="" width={28} height={28} className="rounded-md" priority />
          Pushboard
        </Link>
        {children}
      </div>
    </header>
  );
}
