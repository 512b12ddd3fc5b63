-- What of each order line has been refunded, by SKU ({"JP-KIT-007": 1}): an order's refunded amount alone let
-- a second refund of the same item through, paid from what its other lines cost.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS refunded_items jsonb NOT NULL DEFAULT '{}'::jsonb;
