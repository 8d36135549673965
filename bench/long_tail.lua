-- wrk script for the long-tail rows of bench/run.py: every request asks for a path drawn at
-- random from a file (all products, categories x sort orders x pages, or search terms).
--
-- Usage: wrk ... -s bench/long_tail.lua http://127.0.0.1:PORT/ -- PATHFILE SEED
--
-- PATHFILE holds one path per line. Each thread seeds its own generator (SEED + thread number),
-- so a run is repeatable and the threads do not ask for the same sequence.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local paths = {}

function init(args)
  local handle = assert(io.open(args[1], "r"))
  for line in handle:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  handle:close()
  assert(#paths > 0, "no paths in " .. args[1])
  math.randomseed(tonumber(args[2] or "1") + 7919 * thread_id)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
