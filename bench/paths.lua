-- wrk script: GET paths read from BENCH_PATHS (one per line), round robin, with BENCH_TOKEN.
local paths = {}
local i = 0
local token = os.getenv("BENCH_TOKEN")

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    paths[#paths + 1] = line
  end
end

request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Authorization"] = "Bearer " .. token })
end
