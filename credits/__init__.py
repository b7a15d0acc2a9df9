"""学分银行 (credit bank): the credit ledger, its rules and verifiable exports; see README.md."""
