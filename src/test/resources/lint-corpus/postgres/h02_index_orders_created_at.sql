-- expect: create-index-blocking
create index idx_orders_created_at on public.orders using btree (created_at);
