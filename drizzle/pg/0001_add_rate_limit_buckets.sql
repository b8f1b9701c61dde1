CREATE TABLE "rate_limit_buckets" (
	"name" text NOT NULL,
	"key" text NOT NULL,
	"nanotokens" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	CONSTRAINT "rate_limit_buckets_name_key_pk" PRIMARY KEY("name","key")
);
--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_expires_idx" ON "rate_limit_buckets" USING btree ("expires_at");