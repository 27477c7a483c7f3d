-- rules/schemes/default.lua — the whole standard library, scored as the
-- annual-report block of a county 政务公开 assessment (15 points).
--
-- Modelled on public practice (docs/report-model.md §6): each
-- indicator deducts per defect, up to a cap; a group never goes below zero.
-- Severities "error" and "warning" deduct; "info" findings are reported only.
scheme {
  name    = "政府信息公开工作年度报告评估（标准方案）",
  version = "2025.1",
  rules   = { "std" },
  params  = {
    -- 条例 art. 49: departments by 1月31日, governments by 3月31日;
    -- townships follow the local notice (here 3月31日).
    deadlines = { department = "01-31", government = "03-31", township = "03-31", unknown = "03-31" },
    copy_threshold = 0.5,        -- 五 more than half the same as last year's / a peer's
    s5_min_chars   = 80,         -- 五 shorter than this is not substantive
    fee_limits     = { township = 10000, department = 10000 },  -- 万元
  },
  counts  = { "error", "warning" },
  groups  = {
    { name = "发布与结构", points = 2.5, indicators = {
        { "structure.deadline",          deduct = 1,    cap = 1 },
        { "structure.sections",          deduct = 0.5,  cap = 1.5 },
        { "structure.order",             deduct = 0.25, cap = 0.5 },
        { "structure.titles",            deduct = 0.1,  cap = 0.3 },
        { "structure.front_matter",      deduct = 0.25, cap = 0.5 },
        { "structure.template_edition",  deduct = 1,    cap = 1 },
        { "s1.aspects",                  deduct = 0.25, cap = 0.25 },
        -- text quality (info: reported, not deducted here; strict counts it)
        { "quality.doubled",             deduct = 0.1,  cap = 0.2 },
        { "quality.numbering",           deduct = 0.1,  cap = 0.2 },
        { "quality.missing_figures",     deduct = 0.1,  cap = 0.2 },
        { "quality.placeholders",        deduct = 0.1,  cap = 0.2 },
    }},
    { name = "表格完整", points = 2, indicators = {
        { "complete.tables",             deduct = 1,    cap = 2 },
        { "complete.rows",               deduct = 0.25, cap = 1 },
        { "complete.blank_cells",        deduct = 0.1,  cap = 0.5 },
        { "complete.unreadable_cells",   deduct = 0.1,  cap = 0.5 },
    }},
    { name = "数据勾稽", points = 3, indicators = {
        { "arith.t3_balance",            deduct = 0.5,  cap = 1.5 },
        { "arith.t3_detail_sum",         deduct = 0.5,  cap = 1.5 },
        { "arith.t3_row_sum",            deduct = 0.25, cap = 1 },
        { "arith.t4_balance",            deduct = 0.5,  cap = 1 },
        { "arith.t2_counts",             deduct = 0.25, cap = 0.5 },
        { "arith.t2_fee",                deduct = 0.25, cap = 0.25 },
        { "arith.t3_carryover_prev",     deduct = 0.25, cap = 0.5 },
        { "arith.t2_in_force_prev",      deduct = 0.1,  cap = 0.2 },
    }},
    { name = "图文一致", points = 2.5, indicators = {
        { "text.t3_counts",              deduct = 0.5,  cap = 1 },
        { "text.t4_counts",              deduct = 0.5,  cap = 1 },
        { "text.t3_parts",               deduct = 0.25, cap = 0.5 },
        { "text.t4_outcomes",            deduct = 0.5,  cap = 0.5 },
        { "text.t2_counts",              deduct = 0.25, cap = 0.5 },
        { "text.fee_notice",             deduct = 0.25, cap = 0.25 },
        { "text.t4_unmentioned",         deduct = 0.1,  cap = 0.1 },   -- info
        { "text.public_parts",           deduct = 0.25, cap = 0.5 },
        { "text.no_requests",            deduct = 0.5,  cap = 0.5 },
        { "text.no_litigation",          deduct = 0.5,  cap = 0.5 },
        { "text.all_concluded",          deduct = 0.5,  cap = 0.5 },
        { "text.period_year",            deduct = 0.5,  cap = 0.5 },
        { "text.stale_year",             deduct = 0.25, cap = 0.5 },
        { "text.plan_year",              deduct = 0.5,  cap = 0.5 },
    }},
    { name = "问题与改进", points = 2.5, indicators = {
        { "s5.substantive",              deduct = 1.5,  cap = 1.5 },
        { "s5.problems_measures",        deduct = 0.5,  cap = 1 },
        { "s5.last_year_fixes",          deduct = 0.5,  cap = 0.5 },
        { "s5.copied_previous",          deduct = 2,    cap = 2 },
        { "s5.copied_peer",              deduct = 2,    cap = 2 },
        { "s5.repeated_problems",        deduct = 0.5,  cap = 0.5 },
        { "s5.measures_next_year",       deduct = 0.5,  cap = 0.5 },
        { "s5.boilerplate",              deduct = 0.1,  cap = 0.1 },   -- info
        { "report.copied_previous",      deduct = 1,    cap = 1 },
    }},
    { name = "其他事项", points = 2, indicators = {
        { "s6.fee",                      deduct = 0.5,  cap = 0.5 },
        { "s6.workplan",                 deduct = 0.25, cap = 0.25 },
        { "s6.proposals",                deduct = 0.25, cap = 0.25 },
        { "s6.innovation",               deduct = 0.25, cap = 0.25 },
        { "s6.assessment",               deduct = 0.5,  cap = 0.5 },
    }},
    { name = "数据合理", points = 0.5, indicators = {
        { "plaus.regulations_power",     deduct = 0.5,  cap = 0.5 },
        { "plaus.fee_unit",              deduct = 0.25, cap = 0.5 },
    }},
  },
}
