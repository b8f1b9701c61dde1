CREATE TABLE `rate_limit_buckets` (
	`name` text NOT NULL,
	`key` text NOT NULL,
	`nanotokens` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`name`, `key`)
);
--> statement-breakpoint
CREATE INDEX `rate_limit_buckets_expires_idx` ON `rate_limit_buckets` (`expires_at`);