ALTER TABLE `campaigns` ADD `name` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `data` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `priority` integer DEFAULT 0 NOT NULL;