-- rules/schemes/equivalent.lua — the six checks bench/analyst.py makes with
-- regular expressions, as standard-library indicators, so that `make bench`
-- compares like with like: the six sections are there (structure.sections),
-- t3 balances per column (T3-1, arith.t3_balance), its results add up to
-- （七）总计 (T3-2, arith.t3_detail_sum), each row's total is the sum of the six
-- applicant columns (T3-3, arith.t3_row_sum), t4's parts add up to its totals
-- (T4-1, arith.t4_balance), and the title's and the period's year agree
-- (text.period_year).  Not an assessment: one point per check.
scheme {
  name    = "等价核查（与 bench/analyst.py 相同的六项）",
  version = "2025.1",
  rules   = { "std" },
  counts  = { "error", "warning" },
  groups  = {
    { name = "六项核查", points = 6, indicators = {
        { "structure.sections",   deduct = 1, cap = 1 },
        { "arith.t3_balance",     deduct = 1, cap = 1 },
        { "arith.t3_detail_sum",  deduct = 1, cap = 1 },
        { "arith.t3_row_sum",     deduct = 1, cap = 1 },
        { "arith.t4_balance",     deduct = 1, cap = 1 },
        { "text.period_year",     deduct = 1, cap = 1 },
    }},
  },
}
