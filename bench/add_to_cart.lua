-- wrk script for the add-to-cart POST of bench/run.py.
--
-- Usage: wrk ... -s bench/add_to_cart.lua http://127.0.0.1:PORT/ -- DATAFILE THREADS
--
-- DATAFILE (written by run.py) holds lines "key value":
--   path /varukorg/lagg-till/     the form's action
--   cart_path /varukorg/          where a normal add redirects to
--   origin http://127.0.0.1:PORT  sent as Origin (Django checks it on every POST)
--   referer http://...            the product page the form is on
--   csrf_cookie ...               value of the csrftoken cookie
--   csrf_token ...                the form's csrfmiddlewaretoken (masked)
--   product ID                    one line per product to rotate through (all with large stock)
--   session KEY                   one line per pre-created shopper session
--
-- Each wrk thread owns a disjoint slice of the sessions, so one shopper's requests never overlap.
-- A thread walks its sessions round-robin; each round a session adds the next product of its own
-- rotation, so no cart line comes near the 99-per-product cap during a bounded run.
--
-- Every response is checked: a 302 to the cart page, carrying one of our session keys back
-- (a different key would mean the session was lost). Counts of failures are reported by done().

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local threads = {}
local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

-- Per-thread state (globals so that done() can read the counters through thread:get).
responses_ok = 0
bad_status = 0
bad_location = 0
bad_session = 0

local conf = {}
local products = {}
local sessions = {}
local known_sessions = {}
local counter = 0
local headers = {}

function init(args)
  local datafile, thread_total = args[1], tonumber(args[2])
  local handle = assert(io.open(datafile, "r"))
  local all_sessions = {}
  for line in handle:lines() do
    local key, value = line:match("^(%S+)%s+(.-)%s*$")
    if key == "product" then
      products[#products + 1] = value
    elseif key == "session" then
      all_sessions[#all_sessions + 1] = value
      known_sessions[value] = true
    elseif key then
      conf[key] = value
    end
  end
  handle:close()
  for index, key in ipairs(all_sessions) do
    if (index - 1) % thread_total == thread_id then
      sessions[#sessions + 1] = key
    end
  end
  assert(#products > 0, "no products in " .. datafile)
  assert(#sessions > 0, "no sessions for thread " .. tostring(thread_id))
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Origin"] = conf.origin
  headers["Referer"] = conf.referer
end

function request()
  local k = counter
  counter = counter + 1
  local n = #sessions
  local s = (k % n) + 1
  local round = math.floor(k / n)
  local product = products[((round + s + thread_id) % #products) + 1]
  headers["Cookie"] = "csrftoken=" .. conf.csrf_cookie .. "; sessionid=" .. sessions[s]
  local body = "csrfmiddlewaretoken=" .. conf.csrf_token .. "&product=" .. product .. "&quantity=1"
  return wrk.format("POST", conf.path, headers, body)
end

function response(status, headers, body)
  if status ~= 302 then
    bad_status = bad_status + 1
    return
  end
  local location = headers["Location"] or headers["location"] or ""
  if location ~= conf.cart_path then
    bad_location = bad_location + 1
    return
  end
  local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
  local key = cookie:match("sessionid=([^;]+)")
  if key ~= nil and not known_sessions[key] then
    bad_session = bad_session + 1
    return
  end
  responses_ok = responses_ok + 1
end

function bench_extra()
  local totals = { responses_ok = 0, bad_status = 0, bad_location = 0, bad_session = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  return totals
end
