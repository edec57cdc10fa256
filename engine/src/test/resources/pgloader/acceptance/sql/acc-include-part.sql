insert into acc_include_log values ('included');
