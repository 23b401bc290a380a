-- The raw bytes of a received file may be kept compressed: raw_encoding says how ('identity': as received; 'br':
-- Brotli). The store gives the bytes back as received whatever the encoding, and the content hash (sha256) is always
-- that of the bytes as received. Rows stored before this migration are as received.
ALTER TABLE sendings ADD COLUMN raw_encoding TEXT NOT NULL DEFAULT 'identity' CHECK (raw_encoding IN ('identity', 'br'));
