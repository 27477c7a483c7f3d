-- rules/schemes/strict.lua — a stricter district plan on the same library.
--
-- Differences from default.lua: earlier deadlines (departments 1月15日,
-- townships and governments 2月28日), bigger deductions with higher caps,
-- "info" findings count too (section titles, unreadable cells, in-force
-- roll-forward), a lower bar for copied text (40%) and a longer minimum for
-- 五.  Total 15 points, floor 0 per group.
scheme {
  name    = "政府信息公开工作年度报告评估（从严方案）",
  version = "2025.1",
  rules   = { "std" },
  params  = {
    deadlines = { department = "01-15", government = "02-28", township = "02-28", unknown = "02-28" },
    copy_threshold = 0.4,
    s5_min_chars   = 100,
    fee_limits     = { township = 1000, department = 5000 },
  },
  counts  = { "error", "warning", "info" },
  groups  = {
    { name = "发布与结构", points = 3, indicators = {
        { "structure.deadline",          deduct = 3,    cap = 3 },
        { "structure.sections",          deduct = 1,    cap = 3 },
        { "structure.order",             deduct = 0.5,  cap = 1 },
        { "structure.titles",            deduct = 0.25, cap = 1 },
        { "structure.front_matter",      deduct = 0.5,  cap = 1.5 },
        { "structure.template_edition",  deduct = 2,    cap = 2 },
        { "s1.aspects",                  deduct = 0.5,  cap = 0.5 },
    }},
    { name = "表格完整", points = 2, indicators = {
        { "complete.tables",             deduct = 2,    cap = 2 },
        { "complete.rows",               deduct = 0.5,  cap = 2 },
        { "complete.blank_cells",        deduct = 0.25, cap = 1 },
        { "complete.unreadable_cells",   deduct = 0.25, cap = 1 },
    }},
    { name = "数据勾稽", points = 3, indicators = {
        { "arith.t3_balance",            deduct = 1,    cap = 3 },
        { "arith.t3_detail_sum",         deduct = 1,    cap = 3 },
        { "arith.t3_row_sum",            deduct = 0.5,  cap = 2 },
        { "arith.t4_balance",            deduct = 1,    cap = 2 },
        { "arith.t2_counts",             deduct = 0.5,  cap = 1 },
        { "arith.t2_fee",                deduct = 0.5,  cap = 0.5 },
        { "arith.t3_carryover_prev",     deduct = 0.5,  cap = 1 },
        { "arith.t2_in_force_prev",      deduct = 0.25, cap = 0.5 },
    }},
    { name = "图文一致", points = 2, indicators = {
        { "text.t3_counts",              deduct = 1,    cap = 2 },
        { "text.t4_counts",              deduct = 1,    cap = 2 },
        { "text.t3_parts",               deduct = 0.5,  cap = 1 },
        { "text.t4_outcomes",            deduct = 1,    cap = 1 },
        { "text.t2_counts",              deduct = 0.5,  cap = 1 },
        { "text.fee_notice",             deduct = 0.5,  cap = 0.5 },
        { "text.t4_unmentioned",         deduct = 0.25, cap = 0.5 },
        { "text.public_parts",           deduct = 0.5,  cap = 1 },
        { "text.no_requests",            deduct = 1,    cap = 1 },
        { "text.no_litigation",          deduct = 1,    cap = 1 },
        { "text.all_concluded",          deduct = 1,    cap = 1 },
        { "text.period_year",            deduct = 1,    cap = 1 },
        { "text.stale_year",             deduct = 0.5,  cap = 1 },
        { "text.plan_year",              deduct = 1,    cap = 1 },
    }},
    { name = "问题与改进", points = 3, indicators = {
        { "s5.substantive",              deduct = 3,    cap = 3 },
        { "s5.problems_measures",        deduct = 1,    cap = 2 },
        { "s5.last_year_fixes",          deduct = 1,    cap = 1 },
        { "s5.copied_previous",          deduct = 3,    cap = 3 },
        { "s5.copied_peer",              deduct = 3,    cap = 3 },
    }},
    { name = "其他事项", points = 1.5, indicators = {
        { "s6.fee",                      deduct = 1,    cap = 1 },
        { "s6.workplan",                 deduct = 0.5,  cap = 0.5 },
        { "s6.proposals",                deduct = 0.5,  cap = 0.5 },
        { "s6.innovation",               deduct = 0.5,  cap = 0.5 },
        { "s6.assessment",               deduct = 1,    cap = 1 },
    }},
    { name = "数据合理", points = 0.5, indicators = {
        { "plaus.regulations_power",     deduct = 0.5,  cap = 0.5 },
        { "plaus.fee_unit",              deduct = 0.5,  cap = 0.5 },
    }},
  },
}
