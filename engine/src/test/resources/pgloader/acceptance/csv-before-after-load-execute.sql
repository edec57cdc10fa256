-- read by csv-before-after-load-execute.load (EXECUTE): split into statements as psql would
drop table if exists acc_execute;
drop table if exists acc_execute_log;
create table acc_execute (id int, name text);
create table acc_execute_log (note text);
create or replace function acc_execute_note(t text) returns void language plpgsql as $body$
begin
  insert into acc_execute_log values (t || '; with a semicolon');
end
$body$;
insert into acc_execute_log values ('it''s; quoted');
