ALTER TABLE "campaigns" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;