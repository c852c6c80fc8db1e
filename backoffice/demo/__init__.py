"""Demo data: `demo.yaml` (the seed events), its loader, and fictitious participants."""
