"""Detection of anomalous waste flows: named rules (and, next, a model) produce flags with
structured reasons; the regulator reviews them."""
