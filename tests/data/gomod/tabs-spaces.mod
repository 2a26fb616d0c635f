module    example.com/ws		
   require   example.com/a     v1.0.0   
	
