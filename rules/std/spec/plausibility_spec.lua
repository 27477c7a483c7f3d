-- Specs of std/plausibility.lua
local F = assert(loadfile("fixtures/lib.lua"))()
local DEPT, TOWN = F.read("dept_clean.txt"), F.read("town_clean.txt")

-- plaus.regulations_power
F.passes("plaus.regulations_power", "township with 规章 0 0 0", TOWN)
F.passes("plaus.regulations_power", "department with 规章 0 0 0", DEPT)
F.fails("plaus.regulations_power", "township reporting 规章",
  F.variant("town_clean.txt", "规章\t0\t0\t0", "规章\t1\t0\t1"), "没有制定规章的权限")
F.fails("plaus.regulations_power", "county department reporting 规章",
  F.variant("dept_clean.txt", "规章\t0\t0\t0", "规章\t0\t0\t2"), "现行有效件数2")
F.na("plaus.regulations_power", "a city government may make 规章",
  F.variant("dept_clean.txt", "标题: 青岚县测试局", "标题: 云州市人民政府",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "云州市人民政府2024年政府信息公开工作年度报告\n\n",
    "规章\t0\t0\t0", "规章\t1\t0\t11"), "只核查乡镇")

-- a county (a 市辖区, a 旗) makes no 规章, nor does a development zone's 管委会
F.fails("plaus.regulations_power", "a county government reporting 规章",
  F.variant("town_clean.txt", "标题: 青岚县示例镇人民政府", "标题: 青岚县人民政府",
    "青岚县示例镇人民政府2024年政府信息公开工作年度报告\n\n", "青岚县人民政府2024年政府信息公开工作年度报告\n\n",
    "规章\t0\t0\t0", "规章\t1\t0\t1"), "青岚县人民政府为县级人民政府（含市辖区、开发区管委会），没有制定规章的权限")
F.fails("plaus.regulations_power", "a county government's office reporting 规章",
  F.variant("dept_clean.txt", "标题: 青岚县测试局", "标题: 青岚县人民政府办公室",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "青岚县人民政府办公室2024年政府信息公开工作年度报告\n\n",
    "规章\t0\t0\t0", "规章\t2\t0\t6"), "县级人民政府的办公室")
F.fails("plaus.regulations_power", "a development zone's 管委会 reporting 规章",
  F.variant("town_clean.txt", "标题: 青岚县示例镇人民政府", "标题: 青岚经济开发区管理委员会",
    "青岚县示例镇人民政府2024年政府信息公开工作年度报告\n\n", "青岚经济开发区管理委员会2024年政府信息公开工作年度报告\n\n",
    "规章\t0\t0\t0", "规章\t1\t0\t1"), "没有制定规章的权限")
F.passes("plaus.regulations_power", "a county government with 规章 0 0 0",
  F.variant("town_clean.txt", "标题: 青岚县示例镇人民政府", "标题: 青岚县人民政府",
    "青岚县示例镇人民政府2024年政府信息公开工作年度报告\n\n", "青岚县人民政府2024年政府信息公开工作年度报告\n\n"))
F.na("plaus.regulations_power", "an autonomous region's government may make 规章",
  F.variant("dept_clean.txt", "标题: 青岚县测试局", "标题: 西岭自治区人民政府",
    "青岚县测试局2024年政府信息公开工作年度报告\n\n", "西岭自治区人民政府2024年政府信息公开工作年度报告\n\n",
    "规章\t0\t0\t0", "规章\t3\t0\t40"), "只核查乡镇")

-- plaus.fee_unit
F.passes("plaus.fee_unit", "12.5 万元", DEPT)
F.fails("plaus.fee_unit", "amount written in 元",
  F.variant("dept_clean.txt", "行政事业性收费\t12.5\n", "行政事业性收费\t125000元\n"), "单位为元")
F.fails("plaus.fee_unit", "amount written in 亿元",
  F.variant("dept_clean.txt", "行政事业性收费\t12.5\n", "行政事业性收费\t0.5亿元\n"), "单位为亿元，而该栏单位为万元（应填5000）")
F.fails("plaus.fee_unit", "amount written in 千元",
  F.variant("dept_clean.txt", "行政事业性收费\t12.5\n", "行政事业性收费\t125千元\n"), "单位为千元，而该栏单位为万元（应填12.5）")
F.fails("plaus.fee_unit", "column headed 元",
  F.variant("dept_clean.txt", "本年收费金额（单位：万元）", "本年收费金额（单位：元）",
    "行政事业性收费\t12.5\n", "行政事业性收费\t125000\n"), "表头单位为元，而模板该栏单位为万元（125000元应填12.5万元）")
F.fails("plaus.fee_unit", "column headed 千元",
  F.variant("dept_clean.txt", "本年收费金额（单位：万元）", "本年收费金额（单位：千元）",
    "行政事业性收费\t12.5\n", "行政事业性收费\t125\n"), "表头单位为千元")
F.fails("plaus.fee_unit", "township with 15000 万元",
  F.variant("town_clean.txt", "行政事业性收费\t0\n", "行政事业性收费\t15000\n"), "疑为以元填入万元栏")
F.na("plaus.regulations_power", "a 规章 row left blank is not a pass",
  F.variant("town_clean.txt", "规章\t0\t0\t0", "规章\t/\t/\t/"), "空白或无法读取")

-- What the report leaves out: no 表二 to judge
F.missing({ "plaus.fee_unit" }, "no tables", F.no_tables("dept_clean.txt"), "未找到表二，本项无从核对")
