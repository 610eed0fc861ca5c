-- 0009-dedup-per-address: a message is deduplicated per list and kind of
-- address (issue 12, r08).  Postfix delivers a message to two of our
-- addresses once per address; each must be handled.  messages.dedup_key
-- is now "LISTID/KIND ID" (mta-hook/inbound_ctx.c inbound_dedup_key):
-- KIND is empty for LIST@ and LIST+r-TOKEN@, else the address extension
-- in lower case; ID the Message-ID or sha256:HEX as before.  Rows stored
-- before are taken as posts: a redelivery of an old post still finds its
-- row.
UPDATE messages SET dedup_key = list_id || '/ ' || dedup_key;
