"""workplan: the faces (CLI, web) of the work programme tracker."""
