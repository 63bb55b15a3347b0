-- wrk script of the public-search load test (scripts/loadtest.sh): each
-- request is a random line of the query list (request paths).
local paths = {}
for line in io.lines(os.getenv("FAZHI_QUERIES") or "/tmp/fazhi-load/queries.txt") do
  paths[#paths + 1] = line
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(id * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 5 then
      io.stderr:write("status " .. status .. "\n")
    end
  end
end
