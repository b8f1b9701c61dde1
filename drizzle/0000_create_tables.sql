CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`last_sign_in_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE TABLE `auth_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer
);
--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_slug_unique` ON `topics` (`slug`);--> statement-breakpoint
CREATE INDEX `topics_position_idx` ON `topics` (`archived_at`,`position`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint` text NOT NULL,
	`p256dh` text,
	`auth` text,
	`expiration_time` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`push_service` text NOT NULL,
	`push_host` text NOT NULL,
	`browser` text DEFAULT 'unknown' NOT NULL,
	`platform` text DEFAULT 'unknown' NOT NULL,
	`language` text,
	`time_zone` text,
	`vapid_public_key` text NOT NULL,
	`user_id` integer,
	`last_seen_at` integer,
	`last_clicked_at` integer,
	`unsubscribed_at` integer,
	`expired_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_endpoint_unique` ON `subscriptions` (`endpoint`);--> statement-breakpoint
CREATE INDEX `subscriptions_status_id_idx` ON `subscriptions` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `subscriptions_push_service_idx` ON `subscriptions` (`push_service`,`status`);--> statement-breakpoint
CREATE INDEX `subscriptions_browser_idx` ON `subscriptions` (`browser`,`status`);--> statement-breakpoint
CREATE INDEX `subscriptions_platform_idx` ON `subscriptions` (`platform`,`status`);--> statement-breakpoint
CREATE INDEX `subscriptions_language_idx` ON `subscriptions` (`language`,`status`);--> statement-breakpoint
CREATE INDEX `subscriptions_created_at_idx` ON `subscriptions` (`created_at`);--> statement-breakpoint
CREATE INDEX `subscriptions_last_seen_idx` ON `subscriptions` (`last_seen_at`);--> statement-breakpoint
CREATE INDEX `subscriptions_last_clicked_idx` ON `subscriptions` (`last_clicked_at`);--> statement-breakpoint
CREATE INDEX `subscriptions_user_idx` ON `subscriptions` (`user_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_vapid_key_idx` ON `subscriptions` (`vapid_public_key`,`status`);--> statement-breakpoint
CREATE TABLE `subscription_topics` (
	`subscription_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `topic_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_topics_topic_idx` ON `subscription_topics` (`topic_id`,`subscription_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`rules` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`icon` text,
	`image` text,
	`badge` text,
	`url` text,
	`actions` text DEFAULT '[]' NOT NULL,
	`tag` text,
	`renotify` integer DEFAULT false NOT NULL,
	`require_interaction` integer DEFAULT false NOT NULL,
	`silent` integer DEFAULT false NOT NULL,
	`app_badge` integer,
	`ttl` integer DEFAULT 86400 NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`topic` text,
	`send_rate_per_minute` integer,
	`error_rate_threshold` integer DEFAULT 50 NOT NULL,
	`audience` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`status_reason` text,
	`scheduled_at` integer,
	`started_at` integer,
	`completed_at` integer,
	`snapshot_cursor` integer,
	`snapshot_done_at` integer,
	`targeted_count` integer DEFAULT 0 NOT NULL,
	`accepted_count` integer DEFAULT 0 NOT NULL,
	`retrying_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`expired_count` integer DEFAULT 0 NOT NULL,
	`shown_count` integer DEFAULT 0 NOT NULL,
	`clicked_count` integer DEFAULT 0 NOT NULL,
	`closed_count` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaigns_status_idx` ON `campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `campaigns_created_at_idx` ON `campaigns` (`created_at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`subscription_id` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`leased_by` text,
	`status_code` integer,
	`error` text,
	`receipt_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`accepted_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_campaign_subscription_unique` ON `deliveries` (`campaign_id`,`subscription_id`);--> statement-breakpoint
CREATE INDEX `deliveries_claim_idx` ON `deliveries` (`campaign_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_lease_idx` ON `deliveries` (`status`,`lease_until`);--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_receipt_token_unique` ON `deliveries` (`receipt_token`);--> statement-breakpoint
CREATE INDEX `deliveries_subscription_idx` ON `deliveries` (`subscription_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_campaign_accepted_idx` ON `deliveries` (`campaign_id`,`accepted_at`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`kind` text NOT NULL,
	`action` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_delivery_kind_unique` ON `receipts` (`delivery_id`,`kind`);--> statement-breakpoint
CREATE INDEX `receipts_campaign_time_idx` ON `receipts` (`campaign_id`,`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`actor_email` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`details` text,
	`ip` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_created_at_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `optin_events` (
	`day` text NOT NULL,
	`event` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `event`)
);
--> statement-breakpoint
CREATE TABLE `push_origins` (
	`origin` text PRIMARY KEY NOT NULL,
	`retry_after_until` integer,
	`consecutive_auth_failures` integer DEFAULT 0 NOT NULL,
	`auth_flagged_at` integer,
	`last_status_code` integer,
	`updated_at` integer NOT NULL
);
