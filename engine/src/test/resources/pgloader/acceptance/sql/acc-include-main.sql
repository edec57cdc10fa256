drop table if exists acc_include_log;
create table acc_include_log (step text);
\ir acc-include-part.sql
insert into acc_include_log values ('main');
