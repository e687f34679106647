-- wrk script: every request pushes a distinct, valid lead (unique external_id per thread and request)
-- against a department of the generated registry, with a real channel token.
local counter = 0
local respondents = {}
local token = os.getenv("BENCH_CHANNEL_TOKEN")
local run = os.getenv("BENCH_RUN_ID") or "run"
local thread_tag

function setup(thread)
  thread:set("tag", tostring(math.random(1, 1e9)))
end

function init(args)
  thread_tag = tag
  for line in io.lines(os.getenv("BENCH_OUT") .. "/respondents.txt") do
    local uscc, region = line:match("([^,]+),([^,]+)")
    respondents[#respondents + 1] = { uscc = uscc, region = region }
  end
end

local template = [[{"external_id":"%s","received_at":"2026-11-20T10:00:00+08:00",
"complainant":{"name":"基准测试企业%d有限公司","contact_name":"李四","contact_phone":"13800000000"},
"respondent":{"uscc":"%s","name":"某局","region_code":"%s"},
"field":"government_procurement",
"contract":{"title":"合同%d","signed_on":"2024-03-01","amount_fen":120000000},
"arrears_fen":50000000,"summary":"货款逾期未付（基准）","description":"依合同约定应于验收后30日内付款，至今未付。"}]]

request = function()
  counter = counter + 1
  local r = respondents[(counter % #respondents) + 1]
  local body = string.format(template, run .. "-" .. thread_tag .. "-" .. counter, counter % 5000, r.uscc, r.region, counter)
  return wrk.format("POST", "/api/v1/complaints",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
