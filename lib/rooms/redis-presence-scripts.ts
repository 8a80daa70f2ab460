/**
 * The Lua scripts behind the Redis presence registry (./redis-presence.ts). Each runs atomically on
 * the Redis server, so two instances can never both claim one name or both take a room's last slot.
 * Time is Redis's own clock (TIME), so instances with skewed clocks agree on who is dead.
 *
 * Keys, under the prefix P (ARGV[1] of every script):
 *   P:names:ROOM   hash  name key -> {"name","member","conns"}  holders, members in their grace period included
 *   P:conns:ROOM   hash  connection id -> {"key","address","instance"}
 *   P:addr:ADDR    hash  connection id -> room               (its length is the address's connection count)
 *   P:inst:ID      hash  connection id -> room               (what to release when instance ID dies)
 *   P:instances    zset  instance id, scored by its last heartbeat (ms)
 *   P:leaving      zset  "ROOM\nKEY" of holders without connections, scored by when the last one closed (ms)
 * A name key never contains "\n": names refuse control characters (lib/protocol.ts).
 */

const PRELUDE = `
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- Drops one connection. Returns {name, 1 if it was the holder's last connection else 0}, or nil.
local function release(room, conn, closed_at)
  local raw = redis.call('HGET', P .. ':conns:' .. room, conn)
  if not raw then return nil end
  local c = cjson.decode(raw)
  redis.call('HDEL', P .. ':conns:' .. room, conn)
  redis.call('HDEL', P .. ':addr:' .. c.address, conn)
  redis.call('HDEL', P .. ':inst:' .. c.instance, conn)
  local names = P .. ':names:' .. room
  local held = redis.call('HGET', names, c.key)
  if not held then return nil end
  local holder = cjson.decode(held)
  holder.conns = holder.conns - 1
  redis.call('HSET', names, c.key, cjson.encode(holder))
  if holder.conns > 0 then return {holder.name, 0} end
  redis.call('ZADD', P .. ':leaving', closed_at, room .. '\\n' .. c.key)
  return {holder.name, 1}
end
-- Removes a holder that has no connection left. Returns its name, or nil.
local function depart(room, key)
  local names = P .. ':names:' .. room
  local held = redis.call('HGET', names, key)
  if held and cjson.decode(held).conns > 0 then return nil end
  redis.call('ZREM', P .. ':leaving', room .. '\\n' .. key)
  if not held then return nil end
  redis.call('HDEL', names, key)
  return cjson.decode(held).name
end
-- Releases every connection an instance registered, as closed at closed_at, and forgets the instance.
local function drop_instance(id, closed_at)
  local index = P .. ':inst:' .. id
  local entries = redis.call('HGETALL', index)
  for i = 1, #entries, 2 do release(entries[i + 1], entries[i], closed_at) end
  redis.call('DEL', index)
  redis.call('ZREM', P .. ':instances', id)
end
`;

/** ARGV: P, room, name key, name, member id, connection id, address, instance id, max per address, max per room. */
export const CLAIM = `${PRELUDE}
local room, key, name, member, conn, address, instance = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local conns = P .. ':conns:' .. room
-- Only a registered instance may claim, so every connection belongs to an instance someone will sweep.
-- An evicted instance registers again with its next heartbeat, after dropping its sockets.
if not redis.call('ZSCORE', P .. ':instances', instance) then return {'unregistered'} end
if redis.call('HLEN', P .. ':addr:' .. address) >= tonumber(ARGV[9]) then return {'address_full'} end
if redis.call('HLEN', conns) >= tonumber(ARGV[10]) then return {'room_full'} end
local names = P .. ':names:' .. room
local held = redis.call('HGET', names, key)
local holder = {name = name, member = member, conns = 0}
if held then
  holder = cjson.decode(held)
  if holder.member ~= member then return {'name_taken'} end
end
local resumed = held and holder.conns == 0
holder.conns = holder.conns + 1
redis.call('HSET', names, key, cjson.encode(holder))
redis.call('ZREM', P .. ':leaving', room .. '\\n' .. key)
redis.call('HSET', conns, conn, cjson.encode({key = key, address = address, instance = instance}))
redis.call('HSET', P .. ':addr:' .. address, conn, room)
redis.call('HSET', P .. ':inst:' .. instance, conn, room)
-- Then whether the member was new to the room, and whether it was in its grace period.
return {'ok', holder.name, held and '0' or '1', resumed and '1' or '0'}
`;

/** ARGV: P, room, connection id. */
export const RELEASE = `${PRELUDE}
return release(ARGV[2], ARGV[3], now_ms())
`;

/** ARGV: P, room, name key, idle ms: departs only a holder whose last connection closed that long ago at least. */
export const DEPART = `${PRELUDE}
local closed_at = redis.call('ZSCORE', P .. ':leaving', ARGV[2] .. '\\n' .. ARGV[3])
if closed_at and now_ms() - tonumber(closed_at) < tonumber(ARGV[4]) then return nil end
return depart(ARGV[2], ARGV[3])
`;

/** ARGV: P, instance id. Records a heartbeat; returns 1 if the instance was registered, 0 if it was not (new, or evicted). */
export const BEAT = `${PRELUDE}
local known = redis.call('ZSCORE', P .. ':instances', ARGV[2])
redis.call('ZADD', P .. ':instances', now_ms(), ARGV[2])
return known and 1 or 0
`;

/**
 * ARGV: P, own instance id, instance timeout (ms), grace (ms), batch size.
 * Releases the connections of instances silent for longer than the timeout (as closed at their last
 * heartbeat), then departs holders whose grace period is over. Returns {room, name, room, name, ...}
 * of the members that departed now, for the caller to announce. Safe to run on every instance at
 * once: each step is idempotent, and a departure is returned to one caller only.
 */
export const SWEEP = `${PRELUDE}
local me, now = ARGV[2], now_ms()
local dead = redis.call('ZRANGEBYSCORE', P .. ':instances', '-inf', now - tonumber(ARGV[3]), 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[5]))
for i = 1, #dead, 2 do
  if dead[i] ~= me then drop_instance(dead[i], tonumber(dead[i + 1])) end
end
local departed = {}
local due = redis.call('ZRANGEBYSCORE', P .. ':leaving', '-inf', now - tonumber(ARGV[4]), 'LIMIT', 0, tonumber(ARGV[5]))
for _, entry in ipairs(due) do
  local split = string.find(entry, '\\n', 1, true)
  local room = string.sub(entry, 1, split - 1)
  local name = depart(room, string.sub(entry, split + 1))
  if name then
    table.insert(departed, room)
    table.insert(departed, name)
  end
end
return departed
`;

/**
 * ARGV: P, own instance id, then connection ids. Releases those of this instance's connections that
 * no local socket backs any more (their release was lost to a Redis outage), as closed now: their
 * holders get the usual grace period, and the sweep departs them after it. Returns how many it released.
 * An id this instance no longer holds (released meanwhile, or never its own) is skipped.
 */
export const RECONCILE = `${PRELUDE}
local index, now, released = P .. ':inst:' .. ARGV[2], now_ms(), 0
for i = 3, #ARGV do
  local room = redis.call('HGET', index, ARGV[i])
  if room then
    if release(room, ARGV[i], now) then released = released + 1 end
    -- release() clears the index entry; this also clears one whose connection record is gone.
    redis.call('HDEL', index, ARGV[i])
  end
end
return released
`;

/** ARGV: P, own instance id. A clean stop: this instance's connections enter their grace period now. */
export const RETIRE = `${PRELUDE}
drop_instance(ARGV[2], now_ms())
return 1
`;
